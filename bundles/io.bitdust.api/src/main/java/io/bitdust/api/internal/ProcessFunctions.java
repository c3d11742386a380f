package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.config.ConfigService;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.TransportDTO;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stop}, {@code restart}, {@code show} and {@code process_health}: the node process itself.
 */
final class ProcessFunctions {
    /** Where the HTTP gateway writes the address it listens on (io.bitdust.http's HttpGatewayComponent). */
    static final String API_ADDRESS_FILE = "api.url";
    static final String API_PORT = "interface/api/rest-http-port";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessFunctions.class);
    private static final String SHOW_AFTER_RESTART = "show-gui-after-restart";

    private final Areas areas;
    private final Path dataFolder;
    private final Browser browser;
    private final String version;
    private final Instant started = Instant.now();

    ProcessFunctions(Areas areas, Path dataFolder, Browser browser, String version) {
        this.areas = areas;
        this.dataFolder = dataFolder;
        this.browser = browser;
        this.version = version;
    }

    List<Operation> operations() {
        return List.of(
                Operation.named("stop", "process", "Stop the node; the process exits cleanly")
                        .does(args -> stop()),
                Operation.named("restart", "process", "Restart the node; its data and options stay")
                        .optional("showgui", "boolean", false, "open the web page once the node is back")
                        .does(args -> restart(args.bool("showgui"))),
                Operation.named("show", "process", "Open the web page in the default browser")
                        .does(args -> show()),
                Operation.named("process_health", "process", "Tell whether the node runs, since when, which areas "
                        + "are up, the state of its transports and identity servers, and what needs attention")
                        .does(args -> health()));
    }

    private ProcessControl process() {
        return Areas.running(areas.process, "process control");
    }

    private String stop() {
        process().stop();
        return "stopped";
    }

    private String restart(boolean showGui) throws IOException {
        ProcessControl control = process();
        if (showGui) {
            Files.createDirectories(dataFolder);
            Files.writeString(dataFolder.resolve(SHOW_AFTER_RESTART), Instant.now().toString());
        }
        control.restart();
        return "restarted";
    }

    /** Opens the web page if a restart asked for it. */
    void showIfAskedBeforeRestart() {
        try {
            if (Files.deleteIfExists(dataFolder.resolve(SHOW_AFTER_RESTART))) {
                LOG.info("Opening the web page as asked before the restart: {}", show());
            }
        } catch (IOException | BitDustException e) {
            LOG.warn("Cannot open the web page after the restart: {}", e.getMessage());
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
        health.put("status", "running");
        health.put("version", version);
        health.put("started", started.toString());
        health.put("uptime_seconds", Duration.between(started, Instant.now()).getSeconds());
        health.put("data_folder", dataFolder.toString());
        Map<String, String> areaStates = new LinkedHashMap<>();
        areas.status().forEach((area, up) -> areaStates.put(area, up ? "running" : "not running"));
        health.put("areas", areaStates);
        List<String> warnings = new ArrayList<>();
        Gateway gateway = areas.gateway.get();
        if (gateway != null) {
            List<Map<String, Object>> transports = new ArrayList<>();
            for (TransportDTO transport : gateway.transports()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("protocol", transport.protocol);
                entry.put("state", transport.state);
                entry.put("reason", transport.reason);
                transports.add(entry);
                if ("failed".equals(transport.state)) {
                    warnings.add("transport " + transport.protocol + " is not running: " + transport.reason);
                }
            }
            health.put("transports", transports);
        }
        IdentityService identity = areas.identity.get();
        if (identity != null) {
            health.put("identity_servers", IdentityFunctions.publication(identity.publication()));
            identity.publication().stream().filter(p -> !p.current()).forEach(p -> warnings.add(p
                    + (p.nextAttempt() == null ? "" : "; trying again at " + p.nextAttempt())));
        }
        apiAddressWarning().ifPresent(warnings::add);
        health.put("warnings", warnings);
        return health;
    }

    /** @return a warning when the API listens elsewhere than its option says: the port was busy at start */
    private Optional<String> apiAddressWarning() {
        ConfigService config = areas.config.get();
        Path address = dataFolder.resolve(API_ADDRESS_FILE);
        if (config == null || !Files.isRegularFile(address)) {
            return Optional.empty();
        }
        try {
            String url = Files.readString(address, StandardCharsets.US_ASCII).trim();
            String port = config.get(API_PORT).value();
            return url.endsWith(":" + port + "/") ? Optional.empty() : Optional.of("the API port " + port + " ("
                    + API_PORT + ") was busy when the node started; the API listens on " + url + " instead");
        } catch (IOException | BitDustException e) {
            return Optional.empty();
        }
    }
}
