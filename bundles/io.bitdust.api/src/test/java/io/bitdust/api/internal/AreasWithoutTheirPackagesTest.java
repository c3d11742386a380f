package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitdust.common.BitDustException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.slf4j.LoggerFactory;

/**
 * The api bundle imports the area packages optionally: once an area's bundle is uninstalled and the api bundle
 * refreshed, the area's classes are not there at all. This runs the area components in a class loader that has none
 * of the area packages (config, crypto, identity, transport), reflected on as Declarative Services does, and checks
 * that every area's functions are still listed and say that the area is not running.
 */
public class AreasWithoutTheirPackagesTest {
    private static final List<String> HIDDEN = List.of("io.bitdust.config.ConfigService",
            "io.bitdust.crypto.KeyRing", "io.bitdust.identity.IdentityService", "io.bitdust.transport.Gateway");

    @Test
    public void everyAreaListsItsFunctionsAndSaysItIsNotRunningWithoutItsPackage() throws Exception {
        List<URL> jars = new ArrayList<>();
        for (Class<?> type : List.of(Api.class, AreasWithoutTheirPackagesTest.class, BitDustException.class,
                ObjectMapper.class, JsonFactory.class, JsonProperty.class, LoggerFactory.class, BundleContext.class)) {
            jars.add(type.getProtectionDomain().getCodeSource().getLocation());
        }
        jars.add(Class.forName("org.slf4j.impl.StaticLoggerBinder").getProtectionDomain().getCodeSource()
                .getLocation());
        try (URLClassLoader areasMissing = new URLClassLoader(jars.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader())) {
            for (String hidden : HIDDEN) {
                try {
                    Class.forName(hidden, false, areasMissing);
                    fail(hidden + " should be missing");
                } catch (ClassNotFoundException expected) {
                    // as after the area's bundle is uninstalled
                }
            }
            @SuppressWarnings("unchecked")
            Callable<List<String>> probe = (Callable<List<String>>) Class.forName(Probe.class.getName(), true,
                    areasMissing).getConstructor().newInstance();
            assertEquals(List.of("config is not running", "identity is not running", "network is not running",
                    "{config=not running, identity=not running, identity cache=not running, keys=not running, "
                            + "network=not running, process=not running}"), probe.call());
        }
    }

    /** Runs inside the class loader without the area packages. */
    public static final class Probe implements Callable<List<String>> {
        @Override
        public List<String> call() throws Exception {
            for (Class<?> component : List.of(ConfigArea.class, IdentityArea.class, NetworkArea.class)) {
                for (Class<?> type = component; type != Object.class; type = type.getSuperclass()) {
                    type.getDeclaredConstructors();
                    type.getDeclaredMethods();
                    type.getDeclaredFields();
                }
            }
            BundleContext context = (BundleContext) Proxy.newProxyInstance(Probe.class.getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
            Api api = new Api(new AreaService<>(ProcessFunctions.AREA), Paths.get("unused"), Map.of(), "test")
                    .add(new ConfigArea(context)).add(new IdentityArea(context)).add(new NetworkArea(context));
            List<String> answers = new ArrayList<>();
            answers.add(api.call("config_list", Map.of()).errors().get(0));
            answers.add(api.call("identity_get", Map.of()).errors().get(0));
            answers.add(api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json")).errors().get(0));
            answers.add(String.valueOf(((Map<?, ?>) api.call("process_health", Map.of()).result()).get("areas")));
            return answers;
        }
    }
}
