package io.bitdust.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.internal.Options;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.Felix;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** Runs the registration in a real OSGi framework, with two bundles in the role of two users of the service. */
public class ReconfiguringServiceTest {
    private static final Option ENABLED = Option.of("services/greeter/enabled", OptionType.BOOLEAN, "true", "on");
    private static final Option WORD = Option.of("services/greeter/word", OptionType.STRING, "hello", "word");
    private static final String PROPERTY = "test.greeter";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Felix framework;
    private Options config;
    private ReconfiguringService<Greeter> service;

    /** The service: a new object per user, made from the option's value. */
    public static final class Greeter {
        final String word;

        Greeter(String word) {
            this.word = word;
        }
    }

    @Before
    public void setUp() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, tmp.newFolder("felix").getAbsolutePath());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, ReconfiguringServiceTest.class.getPackageName());
        framework = new Felix(properties);
        framework.start();
        config = new Options(tmp.getRoot().toPath().resolve("options.properties"),
                tmp.getRoot().toPath().resolve("bitdust.cfg"), Map.of());
    }

    @After
    public void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
        framework.stop();
        framework.waitForStop(10_000);
    }

    private BundleContext context() {
        return framework.getBundleContext();
    }

    private ReconfiguringService<Greeter> register() {
        return new ReconfiguringService<>(context(), config, "greeter", Greeter.class, Map.of(PROPERTY, "yes"),
                ENABLED, List.of(WORD), () -> new Greeter(config.get(WORD.key()).value()));
    }

    /** A bundle with nothing in it but a name: another user of the service. */
    private BundleContext user(String name) throws IOException, Exception {
        Path jar = tmp.getRoot().toPath().resolve(name + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        manifest.getMainAttributes().putValue(Constants.BUNDLE_SYMBOLICNAME, name);
        manifest.getMainAttributes().putValue(Constants.IMPORT_PACKAGE,
                ReconfiguringServiceTest.class.getPackageName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out,
                manifest)) {
            // A manifest is all the bundle needs.
        }
        Bundle bundle = context().installBundle(jar.toUri().toString());
        bundle.start();
        return bundle.getBundleContext();
    }

    private ServiceReference<Greeter> registered() {
        return context().getServiceReference(Greeter.class);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    public void everyUserGetsItsOwnObjectAndAUserThatComesBackGetsANewOne() throws Exception {
        service = register();
        waitFor("the registration", () -> registered() != null);
        ServiceReference<Greeter> reference = registered();
        assertEquals("yes", reference.getProperty(PROPERTY));

        BundleContext one = user("one");
        BundleContext two = user("two");
        Greeter first = one.getService(reference);
        assertEquals("hello", first.word);
        assertNotSame(first, two.getService(reference));

        one.ungetService(reference);
        assertNotSame("a user that released it gets a new object", first, one.getService(reference));
    }

    @Test
    public void anOptionChangeReplacesTheRegistrationAndDisablingWithdrawsIt() throws Exception {
        service = register();
        waitFor("the registration", () -> registered() != null);
        long before = (Long) registered().getProperty(Constants.SERVICE_ID);

        config.set(WORD.key(), "bonjour");
        waitFor("a new registration", () -> registered() != null
                && (Long) registered().getProperty(Constants.SERVICE_ID) != before);
        assertEquals("bonjour", context().getService(registered()).word);

        config.set(ENABLED.key(), "false");
        waitFor("the withdrawal", () -> registered() == null);
        config.set(ENABLED.key(), "true");
        waitFor("the registration again", () -> registered() != null);
        assertNotEquals(before, registered().getProperty(Constants.SERVICE_ID));
    }

    @Test
    public void closeWithdrawsTheServiceAndTheOptions() throws Exception {
        service = register();
        waitFor("the registration", () -> registered() != null);
        assertNotNull(config.get(WORD.key()));
        service.close();
        assertNull(registered());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BitDustException.class, () -> config.get(WORD.key())).code());
    }

    @Test
    public void theEnablingOptionMustBeABoolean() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
                new ReconfiguringService<>(context(), config, "greeter", Greeter.class, Map.of(), WORD, List.of(),
                        () -> new Greeter("x")));
        assertEquals("services/greeter/word is not a boolean option, so it cannot enable the greeter",
                refused.getMessage());
    }
}
