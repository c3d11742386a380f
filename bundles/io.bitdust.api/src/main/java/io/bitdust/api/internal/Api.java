package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API catalogue as a plain class. Areas are reached through suppliers that answer null while the area is not
 * running, so a stopped area makes only its own functions fail.
 */
public final class Api implements BitDustApi {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private final Map<String, Operation> operations = new TreeMap<>();
    private final ProcessFunctions process;

    /**
     * @param areas       the area services
     * @param dataFolder  the node's data folder ({@code ${karaf.data}/bitdust})
     * @param environment the process environment (for the display, when opening a browser)
     * @param version     the product version shown by process_health
     */
    Api(Areas areas, Path dataFolder, Map<String, String> environment, String version) {
        this.process = new ProcessFunctions(areas, dataFolder, new Browser(environment), version);
        Stream.of(process.operations(), new ConfigFunctions(areas.config).operations(),
                        new IdentityFunctions(areas).operations(), new NetworkFunctions(areas).operations(),
                        FileManagerFunctions.operations(), PlannedFunctions.operations())
                .flatMap(List::stream)
                .forEach(op -> operations.put(op.function().name(), op));
    }

    /** Opens the web page when the restart that brought this node up asked for it. */
    void started() {
        process.showIfAskedBeforeRestart();
    }

    @Override
    public List<ApiFunction> functions() {
        return operations.values().stream().map(Operation::function).collect(Collectors.toList());
    }

    @Override
    public Optional<ApiFunction> function(String name) {
        return Optional.ofNullable(operations.get(name)).map(Operation::function);
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
