package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.NodeFolders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.system.SystemService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Publishes the {@link Api} catalogue as {@link BitDustApi}. The areas join it through the internal whiteboard of
 * {@link ApiArea} services that their components ({@link ConfigArea}, {@link IdentityArea}, {@link NetworkArea})
 * publish; each area's services are optional and dynamic, so the API stays up when one goes.
 */
@Component(service = BitDustApi.class, immediate = true)
public final class ApiComponent implements BitDustApi {

    /** How long a request to open the web page after a restart waits for the HTTP gateway. */
    static final Duration SHOW_WAIT = Duration.ofMinutes(2);
    private static final Duration SHOW_POLL = Duration.ofMillis(500);

    private final AreaService<ProcessControl> control = new AreaService<>(ProcessFunctions.AREA);
    private final Api api;
    private final BundleContext context;
    private final ServiceComponentRuntime components;
    // Opens the web page after a restart that asked for it: the gateway starts after this component, so it waits.
    private final ScheduledExecutorService showAfterRestart = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "bitdust-show-after-restart"));

    /**
     * @param context this bundle's context: the data folder and the version
     * @param components the component runtime, which tells whether the node's components are all up
     */
    @Activate
    public ApiComponent(BundleContext context, @Reference ServiceComponentRuntime components) {
        this.context = context;
        this.components = components;
        api = new Api(control, NodeFolders.data(context::getProperty), System.getenv(),
                context.getBundle().getVersion().toString());
        Instant giveUp = Instant.now().plus(SHOW_WAIT);
        showAfterRestart.scheduleWithFixedDelay(() -> {
            if (api.showIfAskedBeforeRestart()) {
                showAfterRestart.shutdown();
            } else if (Instant.now().isAfter(giveUp)) {
                api.forgetShowRequest(SHOW_WAIT);
                showAfterRestart.shutdown();
            }
        }, 0, SHOW_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        showAfterRestart.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSystem(SystemService system) {
        control.bind(system, new KarafProcessControl(system, context, components));
    }

    void unbindSystem(SystemService system) {
        control.unbind(system);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addArea(ApiArea area) {
        api.add(area);
    }

    void removeArea(ApiArea area) {
        api.remove(area);
    }

    @Override
    public List<ApiFunction> functions() {
        return api.functions();
    }

    @Override
    public Optional<ApiFunction> function(String name) {
        return api.function(name);
    }

    @Override
    public ApiResult call(String name, Map<String, ?> parameters) {
        return api.call(name, parameters);
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        return api.subscribe(listener);
    }
}
