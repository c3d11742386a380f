package io.bitdust.api.internal;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Opens a web address in the user's default browser, where the machine has a display.
 */
final class Browser {
    private final Map<String, String> environment;

    Browser(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param url the address to open
     * @return null when the browser was started, otherwise the reason it could not be
     */
    String open(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String[] command;
        if (os.contains("mac")) {
            command = new String[] {"open", url};
        } else if (os.contains("win")) {
            command = new String[] {"rundll32", "url.dll,FileProtocolHandler", url};
        } else if (blank("DISPLAY") && blank("WAYLAND_DISPLAY")) {
            return "there is no display on this machine";
        } else if (!onPath("xdg-open")) {
            return "xdg-open is not installed";
        } else {
            command = new String[] {"xdg-open", url};
        }
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return null;
        } catch (IOException e) {
            return "the browser could not be started: " + e.getMessage();
        }
    }

    private boolean blank(String variable) {
        String value = environment.get(variable);
        return value == null || value.isBlank();
    }

    private boolean onPath(String program) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
