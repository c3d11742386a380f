package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** The node is up only when Karaf, the BitDust bundles and their components are; failures are named. */
public class KarafProcessControlTest {
    private boolean bootFinished = true;
    private final List<Bundle> bundles = new ArrayList<>();
    private final Map<ComponentDescriptionDTO, ComponentConfigurationDTO> components = new LinkedHashMap<>();
    private final List<ComponentDescriptionDTO> disabled = new ArrayList<>();

    @Test
    public void upWhenKarafHasBootedAndEveryComponentOfOurBundlesIsSatisfied() {
        bundles.add(bundle("io.bitdust.suppliers", Bundle.ACTIVE, false));
        component("io.bitdust.suppliers", "SuppliersComponent", ComponentConfigurationDTO.ACTIVE);
        component("io.bitdust.api", "ApiArea", ComponentConfigurationDTO.SATISFIED);
        assertEquals(ProcessControl.Startup.UP, control().startup());
    }

    @Test
    public void waitsForKarafForBundlesNotActiveAndForComponentsMissingAServiceOrConfiguration() {
        bootFinished = false;
        bundles.add(bundle("io.bitdust.backup", Bundle.STARTING, false));
        bundles.add(bundle("io.bitdust.fragment", Bundle.RESOLVED, true));
        ComponentConfigurationDTO unsatisfied = component("io.bitdust.suppliers", "SuppliersComponent",
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        unsatisfied.description.references = new ReferenceDTO[] {declared("$000", "io.bitdust.transport.Gateway"),
                declared("$001", "io.bitdust.identity.IdentityService"),
                declared("config", "io.bitdust.config.Config")};
        unsatisfied.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unsatisfied("$000"),
                unsatisfied("$001")};
        component("io.bitdust.catalog", "CatalogComponent", ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION);
        ProcessControl.Startup startup = control().startup();
        assertEquals(List.of("Karaf's boot features", "bundle io.bitdust.backup (not active)",
                "SuppliersComponent (waits for Gateway, IdentityService)",
                "CatalogComponent (waits for its configuration)"), startup.waiting());
        assertEquals(List.of(), startup.failed());
        assertEquals("starting", startup.status());
    }

    @Test
    public void namesAFailedActivationByTheFirstLineOfItsFailure() {
        component("io.bitdust.backup", "BackupComponent", ComponentConfigurationDTO.FAILED_ACTIVATION).failure =
                "java.lang.IllegalStateException: the data folder is read-only\n\tat io.bitdust.backup...";
        component("io.bitdust.restore", "RestoreComponent", ComponentConfigurationDTO.FAILED_ACTIVATION);
        ProcessControl.Startup startup = control().startup();
        assertEquals(List.of("BackupComponent: java.lang.IllegalStateException: the data folder is read-only",
                "RestoreComponent: activation failed (see the log)"), startup.failed());
        assertEquals("failed", startup.status());
    }

    @Test
    public void componentsOfOtherBundlesAndDisabledOnesDoNotCount() {
        bundles.add(bundle("org.apache.karaf.shell.core", Bundle.RESOLVED, false));
        component("org.apache.aries.jpa", "Jpa", ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        component("io.bitdust.transport.http", "HttpTransport", ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        disabled.add(components.keySet().stream().filter(d -> d.name.equals("HttpTransport")).findFirst().get());
        assertEquals(ProcessControl.Startup.UP, control().startup());
    }

    private KarafProcessControl control() {
        return new KarafProcessControl(null, proxy(BundleContext.class, (method, args) -> {
            switch (method) {
                case "getServiceReference":
                    return bootFinished ? proxy(ServiceReference.class, (m, a) -> null) : null;
                case "getBundles":
                    return bundles.toArray(new Bundle[0]);
                default:
                    throw new UnsupportedOperationException(method);
            }
        }), proxy(ServiceComponentRuntime.class, (method, args) -> {
            switch (method) {
                case "getComponentDescriptionDTOs":
                    return components.keySet();
                case "isComponentEnabled":
                    return !disabled.contains(args[0]);
                case "getComponentConfigurationDTOs":
                    return List.of(components.get(args[0]));
                default:
                    throw new UnsupportedOperationException(method);
            }
        }));
    }

    private ComponentConfigurationDTO component(String bundle, String name, int state) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = bundle;
        description.references = new ReferenceDTO[0];
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.description = description;
        configuration.state = state;
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        components.put(description, configuration);
        return configuration;
    }

    private static ReferenceDTO declared(String name, String interfaceName) {
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = name;
        reference.interfaceName = interfaceName;
        return reference;
    }

    private static UnsatisfiedReferenceDTO unsatisfied(String name) {
        UnsatisfiedReferenceDTO reference = new UnsatisfiedReferenceDTO();
        reference.name = name;
        return reference;
    }

    private static Bundle bundle(String symbolicName, int state, boolean fragment) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (fragment) {
            headers.put(Constants.FRAGMENT_HOST, "io.bitdust.common");
        }
        return proxy(Bundle.class, (method, args) -> {
            switch (method) {
                case "getSymbolicName":
                    return symbolicName;
                case "getState":
                    return state;
                case "getHeaders":
                    return headers;
                default:
                    throw new UnsupportedOperationException(method);
            }
        });
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> method.getDeclaringClass() == Object.class
                        ? (method.getName().equals("equals") ? self == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(self) : type.getName())
                        : answer.answer(method.getName(), args)));
    }
}
