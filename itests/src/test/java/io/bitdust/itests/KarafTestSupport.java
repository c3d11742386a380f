package io.bitdust.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What every Karaf test shares: the built distribution booted under Pax Exam with BitDust's options, every port the
 * node opens a free ephemeral one (chosen when the container is configured and handed to the tests inside it as
 * system properties), and helpers to call the node over HTTP and in its shell. A subclass is one area's tests
 * ({@code @RunWith(PaxExam.class)}, {@code @ExamReactorStrategy(PerClass.class)}): each costs one Karaf boot.
 * Waits poll their condition with a generous limit: they return as soon as it holds.
 */
public abstract class KarafTestSupport {
    /** The system property naming the sample transport's jar (itests/sample-transport, protocol tcp2). */
    static final String SAMPLE_JAR = "bitdust.sample.transport";
    /** How long a condition may take to come true under load; a wait that succeeds returns at once. */
    static final int WAIT_SECONDS = 120;
    /** The ports, by the name of the system property that carries each into the container. */
    static final String API_PORT = "bitdust.itest.port.api";
    static final String SPARE_API_PORT = "bitdust.itest.port.api.spare";
    static final String IDSERVER_PORT = "bitdust.itest.port.idserver";
    static final String SSH_PORT = "bitdust.itest.port.ssh";
    static final String TCP_PORT = "bitdust.itest.port.tcp";
    static final String HTTP_PORT = "bitdust.itest.port.http";
    static final String TCP2_PORT = "bitdust.itest.port.tcp2";
    private static final List<String> PORTS = List.of(API_PORT, SPARE_API_PORT, IDSERVER_PORT, SSH_PORT, TCP_PORT,
            HTTP_PORT, TCP2_PORT);

    @Inject
    protected BundleContext context;
    @Inject
    protected SessionFactory sessions;

    @Configuration
    public Option[] config() throws IOException {
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        Map<String, String> ports = freePorts();
        List<Option> options = new ArrayList<>(List.of(
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("bitdust.distribution")).toURI().toString())
                    .karafVersion(System.getProperty("karaf.version"))
                    .name("BitDust")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            keepRuntimeFolder(),
            logLevel(LogLevelOption.LogLevel.WARN),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repo),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", ports.get(SSH_PORT)),
            editConfigurationFilePut("etc/bitdust.cfg", "interface/api/rest-http-port", ports.get(API_PORT)),
            editConfigurationFilePut("etc/bitdust.cfg", "services/identity-server/enabled", "true"),
            editConfigurationFilePut("etc/bitdust.cfg", "services/identity-server/web-port", ports.get(IDSERVER_PORT)),
            editConfigurationFilePut("etc/bitdust.cfg", "services/identity-propagate/known-servers",
                    "127.0.0.1:" + ports.get(IDSERVER_PORT)),
            editConfigurationFilePut("etc/bitdust.cfg", "personal/nickname", "itest-node"),
            editConfigurationFilePut("etc/bitdust.cfg", "services/tcp-connections/tcp-port", ports.get(TCP_PORT)),
            editConfigurationFilePut("etc/bitdust.cfg", "services/http-connections/http-port", ports.get(HTTP_PORT)),
            editConfigurationFilePut("etc/bitdust.cfg", "services/sample-transport/port", ports.get(TCP2_PORT)),
            systemProperty(SAMPLE_JAR).value(System.getProperty(SAMPLE_JAR)),
            // the JVM options of bin/setenv (but those that change only speed, the JIT and G1 ones: LauncherIT)
            vmOptions("--add-modules", "jdk.incubator.vector", "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0")));
        ports.forEach((name, port) -> options.add(systemProperty(name).value(port)));
        return options.toArray(new Option[0]);
    }

    /** @return a free ephemeral port for each name, all distinct: the sockets are held until every one is chosen */
    private static Map<String, String> freePorts() throws IOException {
        Map<String, String> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String name : PORTS) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports.put(name, Integer.toString(socket.getLocalPort()));
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    /** @return a port the configuration chose, inside the container */
    static int port(String name) {
        return Integer.parseInt(System.getProperty(name));
    }

    /** @return a client of the node's API on the port the configuration chose */
    static Http http() {
        return new Http("http://127.0.0.1:" + port(API_PORT) + "/");
    }

    /** @return the API secret the node wrote in its data folder */
    /**
     * Every test starts once the node serves its API: Pax Exam may run the first test while the HTTP gateway is still
     * starting.
     */
    @Before
    public void apiAnswers() throws InterruptedException {
        waitFor("the API answers on its port", () -> {
            try {
                return answersHealth(http(), secret());
            } catch (IOException e) {
                return false;
            }
        });
    }

    static String secret() throws IOException {
        return Files.readString(Paths.get(System.getProperty("karaf.data"), "bitdust", "apisecret")).trim();
    }

    /** @return whether {@code http} answers process_health with OK */
    static boolean answersHealth(Http http, String secret) {
        try {
            return http.get("process_health", Map.of(), secret).ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the installed bundle of that symbolic name */
    Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " is installed"));
    }

    /** Runs a command in a Karaf shell session; returns what it printed, or throws what it threw. */
    String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(System.in, out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        waitFor(() -> what, condition);
    }

    /** Polls {@code condition} until it holds; fails after {@link #WAIT_SECONDS}, saying what it waited for. */
    static void waitFor(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT_SECONDS + " s waiting for: " + what.get());
            }
            Thread.sleep(100);
        }
    }
}
