package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API catalogue as a plain class: the process functions and the file manager are always in it; each area joins
 * with {@link #add} and lists its functions from then on, running or not. A function whose area service is absent
 * answers "{@code <area> is not running}", so a stopped or uninstalled area makes only its own functions fail.
 */
public final class Api implements BitDustApi {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private final Map<String, Operation> operations = new ConcurrentSkipListMap<>();
    private final List<ApiArea> areas = new CopyOnWriteArrayList<>();
    // What each area put in, to take out exactly that (an area builds its operations anew on every call).
    private final Map<ApiArea, List<Operation>> added = new IdentityHashMap<>();
    private final ProcessFunctions process;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param control     stops and restarts the node; process_health shows it as the area {@code process}
     * @param dataFolder  the node's data folder ({@code ${karaf.data}/bitdust})
     * @param environment the process environment (for the display, when opening a browser)
     * @param version     the product version shown by process_health
     */
    Api(AreaService<ProcessControl> control, Path dataFolder, Map<String, String> environment, String version) {
        this.process = new ProcessFunctions(control, () -> List.copyOf(areas), dataFolder, new Browser(environment),
                version);
        Stream.of(process.operations(), FileManagerFunctions.operations(this))
                .flatMap(List::stream)
                .forEach(op -> operations.put(op.function().name(), op));
    }

    /**
     * Adds an area's functions to the catalogue. A function whose name is taken already stays out, and is logged.
     *
     * @param area the area
     * @return this catalogue
     */
    Api add(ApiArea area) {
        join(area);
        changed();
        return this;
    }

    private synchronized void join(ApiArea area) {
        List<Operation> mine = new ArrayList<>();
        for (Operation op : area.operations()) {
            Operation taken = operations.putIfAbsent(op.function().name(), op);
            if (taken == null) {
                mine.add(op);
            } else {
                LOG.error("The {} area's function {} is not in the API: the {} area has one by that name",
                        area.name(), op.function().name(), taken.function().area());
            }
        }
        added.put(area, mine);
        areas.add(area);
        areas.sort(Comparator.comparing(ApiArea::name));
        LOG.debug("The {} area joined the API", area.name());
    }

    /** Removes an area's functions from the catalogue. */
    void remove(ApiArea area) {
        if (leave(area)) {
            changed();
        }
    }

    private synchronized boolean leave(ApiArea area) {
        List<Operation> mine = added.remove(area);
        if (mine == null) {
            return false;
        }
        areas.remove(area);
        mine.forEach(op -> operations.remove(op.function().name(), op));
        return true;
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener of the API catalogue failed", e);
            }
        }
    }

    /**
     * Opens the web page when the restart that brought this node up asked for it and the HTTP gateway serves it.
     *
     * @return false while such a request waits for the gateway (ask again later); true otherwise
     */
    boolean showIfAskedBeforeRestart() {
        return process.showIfAskedBeforeRestart();
    }

    /** Gives up a request to open the web page after the restart: the gateway did not start within {@code waited}. */
    void forgetShowRequest(Duration waited) {
        process.forgetShowRequest(waited);
    }

    @Override
    public List<ApiFunction> functions() {
        return operations.values().stream().map(Operation::function).collect(Collectors.toList());
    }

    @Override
    public Optional<ApiFunction> function(String name) {
        return Optional.ofNullable(name == null ? null : operations.get(name)).map(Operation::function);
    }

    @Override
    public ApiResult call(String name, Map<String, ?> parameters) {
        Operation op = name == null ? null : operations.get(name);
        if (op == null) {
            return ApiResult.error(ErrorCode.NOT_FOUND, "unknown API function '" + Printable.escape(name) + "'");
        }
        try {
            Arguments args = Arguments.check(op, parameters == null ? Map.of() : parameters);
            return ApiResult.ok(op.run(args));
        } catch (BitDustException e) {
            // Messages may quote what the caller gave: escaped, so that it cannot cut or forge a log line.
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("{} failed: {}", name, Printable.escape(e.getMessage()), e);
            } else {
                LOG.debug("{} refused: {}", name, Printable.escape(e.getMessage()));
            }
            return ApiResult.error(e);
        } catch (Exception e) {
            LOG.error("{} failed: {}", name, Printable.escape(e.toString()), e);
            return ApiResult.error(ErrorCode.INTERNAL, name + " failed: " + Printable.escape(e.toString()));
        }
    }
}
