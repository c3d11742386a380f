package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stop}, {@code restart}, {@code show} and {@code process_health}: the node process itself. Part of every
 * catalogue: process_health gathers what each area adds.
 */
final class ProcessFunctions {
    static final String AREA = "process";
    /** Where the HTTP gateway writes the address it listens on (io.bitdust.http's HttpGatewayComponent). */
    static final String API_ADDRESS_FILE = "api.url";
    static final String API_PORT = "interface/api/rest-http-port";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessFunctions.class);
    private static final String SHOW_AFTER_RESTART = "show-gui-after-restart";

    private final AreaService<ProcessControl> control;
    private final Supplier<List<ApiArea>> areas;
    private final Path dataFolder;
    private final Browser browser;
    private final String version;
    private final Instant started = Instant.now();

    /**
     * @param control    stops and restarts the node
     * @param areas      the areas in the catalogue now, for process_health
     * @param dataFolder the node's data folder
     * @param browser    opens the web page
     * @param version    the product version process_health shows
     */
    ProcessFunctions(AreaService<ProcessControl> control, Supplier<List<ApiArea>> areas, Path dataFolder,
            Browser browser, String version) {
        this.control = control;
        this.areas = areas;
        this.dataFolder = dataFolder;
        this.browser = browser;
        this.version = version;
    }

    List<Operation> operations() {
        return List.of(
                Operation.named("stop", AREA, "Stop the node; the process exits cleanly")
                        .does(args -> stop()),
                Operation.named("restart", AREA, "Restart the node; its data and options stay")
                        .optional("showgui", "boolean", false, "open the web page once the node is back")
                        .does(args -> restart(args.bool("showgui"))),
                Operation.named("show", AREA, "Open the web page in the default browser")
                        .does(args -> show()),
                Operation.named("process_health", AREA, "Tell whether the node runs, since when, which areas "
                        + "are up, the state of its transports and identity servers, and what needs attention")
                        .does(args -> health()));
    }

    private String stop() {
        control.get().stop();
        return "stopped";
    }

    private String restart(boolean showGui) throws IOException {
        ProcessControl process = control.get();
        if (showGui) {
            Files.createDirectories(dataFolder);
            Files.writeString(dataFolder.resolve(SHOW_AFTER_RESTART), Instant.now().toString());
        }
        process.restart();
        return "restarted";
    }

    /**
     * Opens the web page if the restart that brought this node up asked for it, once the HTTP gateway serves it (it
     * starts after the API, and writes where it listens when it does).
     *
     * @return false while a request to show waits for the gateway; true when there is none (any more)
     */
    boolean showIfAskedBeforeRestart() {
        Path request = dataFolder.resolve(SHOW_AFTER_RESTART);
        if (!Files.exists(request)) {
            return true;
        }
        if (!Files.isRegularFile(dataFolder.resolve(API_ADDRESS_FILE))) {
            return false;
        }
        try {
            Files.deleteIfExists(request);
            LOG.info("Opening the web page as asked before the restart: {}", show());
        } catch (IOException | BitDustException e) {
            LOG.warn("Cannot open the web page after the restart: {}", e.getMessage());
        }
        return true;
    }

    /** Forgets a request to show the web page after the restart that the gateway did not serve in time. */
    void forgetShowRequest(Duration waited) {
        try {
            if (Files.deleteIfExists(dataFolder.resolve(SHOW_AFTER_RESTART))) {
                LOG.warn("The web page was not served {} s after the start: not opening it (the HTTP gateway, feature "
                        + "bitdust-http, is not running)", waited.toSeconds());
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", SHOW_AFTER_RESTART, e.getMessage());
        }
    }

    private String show() throws IOException {
        String url = webPageUrl();
        String reason = browser.open(url);
        return reason == null ? "`show` event has been sent to the main process: the web page " + url
                + " is opening in your browser" : reason + ": open " + url + " in a browser";
    }

    /** The address the HTTP gateway listens on is where it really is, which may differ from the port option. */
    private String webPageUrl() throws IOException {
        Path address = dataFolder.resolve(API_ADDRESS_FILE);
        if (!Files.isRegularFile(address)) {
            throw BitDustException.unavailable("the web page is not served: the HTTP gateway is not running (no "
                    + API_ADDRESS_FILE + " in the data folder)");
        }
        String url = Files.readString(address, StandardCharsets.US_ASCII).trim();
        Path secret = dataFolder.resolve("apisecret");
        return Files.isReadable(secret) ? url + "#secret=" + Files.readString(secret, StandardCharsets.US_ASCII).trim()
                : url;
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        ProcessControl process = control.current();
        ProcessControl.Startup startup = process == null ? ProcessControl.Startup.UP : process.startup();
        health.put("status", startup.status());
        if (!startup.waiting().isEmpty()) {
            health.put("waiting_for", startup.waiting());
        }
        if (!startup.failed().isEmpty()) {
            health.put("failed", startup.failed());
        }
        health.put("version", version);
        health.put("started", started.toString());
        health.put("uptime_seconds", Duration.between(started, Instant.now()).getSeconds());
        health.put("data_folder", dataFolder.toString());
        List<ApiArea> running = areas.get();
        Map<String, String> areaStates = new TreeMap<>();
        areaStates.put(control.name(), state(control));
        running.forEach(area -> area.services().forEach(service -> areaStates.put(service.name(), state(service))));
        health.put("areas", areaStates);
        List<String> warnings = new ArrayList<>();
        running.forEach(area -> area.health(health, warnings));
        health.put("warnings", warnings);
        return health;
    }

    private static String state(AreaService<?> service) {
        return service.running() ? "running" : "not running";
    }
}
