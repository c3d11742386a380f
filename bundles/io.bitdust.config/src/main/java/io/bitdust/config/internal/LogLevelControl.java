package io.bitdust.config.internal;

import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import java.io.IOException;
import java.util.Dictionary;
import java.util.List;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns {@code logs/debug-level} and applies it to the {@code io.bitdust} loggers through Pax Logging's
 * configuration: 0 logs INFO and above, 1 to 9 add DEBUG, 10 and more add TRACE.
 */
@Component(immediate = true)
public final class LogLevelControl {
    static final String KEY = "logs/debug-level";
    /** Levels above 10 log as 10 does; the bound only catches a mistyped level. */
    static final int MAX_LEVEL = 20;
    static final Option DEBUG_LEVEL = Option.of(KEY, OptionType.positiveInteger(0, MAX_LEVEL), "0",
            "How much BitDust logs: 0 is INFO, 1 to 9 add DEBUG, 10 to 20 add TRACE");

    private static final Logger LOG = LoggerFactory.getLogger(LogLevelControl.class);
    private static final String PAX_LOGGING_PID = "org.ops4j.pax.logging";
    private static final String LOGGER = "log4j2.logger.bitdust";

    private final ConfigurationAdmin configAdmin;
    private final ConfigService.Declaration declaration;
    private final ConfigService.Subscription subscription;

    /**
     * @param config      where the option lives
     * @param configAdmin where Pax Logging reads its configuration
     */
    @Activate
    public LogLevelControl(@Reference ConfigService config, @Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        this.declaration = config.declare(List.of(DEBUG_LEVEL));
        this.subscription = config.subscribe(KEY, change -> apply(Integer.parseInt(change.value())));
        apply(config.getInt(KEY));
    }

    @Deactivate
    void close() {
        subscription.close();
        declaration.close();
    }

    /** @return the log level that a debug level stands for */
    static String levelFor(int debugLevel) {
        return debugLevel == 0 ? "INFO" : debugLevel < 10 ? "DEBUG" : "TRACE";
    }

    private void apply(int debugLevel) {
        String level = levelFor(debugLevel);
        try {
            Configuration cfg = configAdmin.getConfiguration(PAX_LOGGING_PID, null);
            Dictionary<String, Object> props = cfg.getProperties();
            if (props == null || level.equals(props.get(LOGGER + ".level"))) {
                return;
            }
            props.put(LOGGER + ".name", "io.bitdust");
            props.put(LOGGER + ".level", level);
            cfg.update(props);
            LOG.info("BitDust log level is now {} (logs/debug-level {})", level, debugLevel);
        } catch (IOException e) {
            LOG.warn("Cannot change the log level to {}", level, e);
        }
    }
}
