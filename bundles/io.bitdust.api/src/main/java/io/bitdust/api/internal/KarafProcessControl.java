package io.bitdust.api.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.system.SystemService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts the node through Karaf's system service: a restart stops the OSGi framework and Karaf
 * starts it again in the same process, with the same data folder.
 *
 * <p>The node is up once three things hold: Karaf's features service has installed and started the features the
 * node boots and published {@value #BOOT_FINISHED} (looked up by name: this bundle does not import the features API
 * for one marker); every BitDust bundle is active; and Service Component Runtime has every enabled component of
 * those bundles satisfied, none waiting for a service or a configuration. The last matters because a component is
 * activated only once the services it references are registered, which can be after Karaf's marker.
 */
final class KarafProcessControl implements ProcessControl {
    private static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";
    private static final String OUR_BUNDLES = "io.bitdust.";
    private static final Logger LOG = LoggerFactory.getLogger(KarafProcessControl.class);

    private final SystemService system;
    private final BundleContext context;
    private final ServiceComponentRuntime components;

    KarafProcessControl(SystemService system, BundleContext context, ServiceComponentRuntime components) {
        this.system = system;
        this.context = context;
        this.components = components;
    }

    @Override
    public Startup startup() {
        List<String> waiting = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try {
            if (context.getServiceReference(BOOT_FINISHED) == null) {
                waiting.add("Karaf's boot features");
            }
            for (Bundle bundle : context.getBundles()) {
                if (ours(bundle.getSymbolicName()) && bundle.getState() != Bundle.ACTIVE && !fragment(bundle)) {
                    waiting.add("bundle " + bundle.getSymbolicName() + " (not active)");
                }
            }
        } catch (IllegalStateException stopping) {
            return new Startup(List.of("the framework (stopping)"), List.of());
        }
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
            if (!ours(description.bundle.symbolicName) || !components.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                switch (configuration.state) {
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                        waiting.add(description.name + " (waits for "
                                + Arrays.stream(configuration.unsatisfiedReferences)
                                        .map(reference -> service(description, reference.name))
                                        .collect(Collectors.joining(", ")) + ")");
                        break;
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                        waiting.add(description.name + " (waits for its configuration)");
                        break;
                    case ComponentConfigurationDTO.FAILED_ACTIVATION:
                        failed.add(description.name + ": " + firstLine(configuration.failure));
                        break;
                    default: // satisfied, activating or active: up as far as the node is concerned
                }
            }
        }
        return new Startup(waiting, failed);
    }

    /** The service a reference wants, by its interface's simple name (constructor references are named $000...). */
    private static String service(ComponentDescriptionDTO description, String reference) {
        return Arrays.stream(description.references).filter(declared -> declared.name.equals(reference)).findFirst()
                .map(declared -> declared.interfaceName.substring(declared.interfaceName.lastIndexOf('.') + 1))
                .orElse(reference);
    }

    private static boolean ours(String symbolicName) {
        return symbolicName != null && symbolicName.startsWith(OUR_BUNDLES);
    }

    private static boolean fragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** A failure is the stack trace of what the activation threw; its first line says what it was. */
    private static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "activation failed (see the log)";
        }
        int end = failure.indexOf('\n');
        return (end < 0 ? failure : failure.substring(0, end)).trim();
    }

    @Override
    public void stop() {
        later(system::halt);
    }

    @Override
    public void restart() {
        later(system::reboot);
    }

    /** Acts after a short pause, so that the answer to the call that asked for it is still delivered. */
    private static void later(Action action) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(500);
                action.run();
            } catch (Exception e) {
                LOG.error("Process control failed", e);
            }
        }, "bitdust-process-control");
        thread.setDaemon(true);
        thread.start();
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
