package io.bitdust.api.internal;

import org.apache.karaf.system.SystemService;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts the node through Karaf's system service: a restart stops the OSGi framework and Karaf
 * starts it again in the same process, with the same data folder. The node has started once Karaf's features
 * service has installed its boot features and published {@value #BOOT_FINISHED} (looked up by name: this bundle
 * does not import the features API for one marker).
 */
final class KarafProcessControl implements ProcessControl {
    private static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";
    private static final Logger LOG = LoggerFactory.getLogger(KarafProcessControl.class);

    private final SystemService system;
    private final BundleContext context;

    KarafProcessControl(SystemService system, BundleContext context) {
        this.system = system;
        this.context = context;
    }

    @Override
    public boolean started() {
        try {
            return context.getServiceReference(BOOT_FINISHED) != null;
        } catch (IllegalStateException stopping) {
            return false;
        }
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
