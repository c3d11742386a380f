package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.api.ApiFunction;
import io.bitdust.api.BitDustApi;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.Signatures;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.raid.EccCodec;
import io.bitdust.raid.EccMap;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.LoggerFactory;

/**
 * The built distribution booted once: every feature and bundle up, the API the same through the shell and HTTP,
 * the secret enforced, bad input refused, Derby usable, an area removed and added while the node runs. Every port
 * the node opens is a free ephemeral one, chosen when the container is configured and handed to the tests inside it
 * as system properties. Waits poll their condition with a generous limit: they return as soon as it holds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeIT {
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

    @Inject
    private BundleContext context;
    @Inject
    private BitDustApi api;
    @Inject
    private ConfigService config;
    @Inject
    private SessionFactory sessions;
    @Inject
    private FeaturesService features;
    @Inject
    private KeyRing keys;

    @Configuration
    public Option[] config() throws IOException {
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        Map<String, String> ports = new LinkedHashMap<>();
        try (ServerSocket api = new ServerSocket(0); ServerSocket spare = new ServerSocket(0);
                ServerSocket idserver = new ServerSocket(0); ServerSocket ssh = new ServerSocket(0);
                ServerSocket tcp = new ServerSocket(0); ServerSocket http = new ServerSocket(0);
                ServerSocket tcp2 = new ServerSocket(0)) {
            ports.put(API_PORT, Integer.toString(api.getLocalPort()));
            ports.put(SPARE_API_PORT, Integer.toString(spare.getLocalPort()));
            ports.put(IDSERVER_PORT, Integer.toString(idserver.getLocalPort()));
            ports.put(SSH_PORT, Integer.toString(ssh.getLocalPort()));
            ports.put(TCP_PORT, Integer.toString(tcp.getLocalPort()));
            ports.put(HTTP_PORT, Integer.toString(http.getLocalPort()));
            ports.put(TCP2_PORT, Integer.toString(tcp2.getLocalPort()));
        }
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
            // the JVM options of bin/setenv
            vmOptions("--add-modules", "jdk.incubator.vector", "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0")));
        ports.forEach((name, port) -> options.add(systemProperty(name).value(port)));
        return options.toArray(new Option[0]);
    }

    /** @return a port the configuration chose, inside the container */
    private static int port(String name) {
        return Integer.parseInt(System.getProperty(name));
    }

    @Test
    public void everyFeatureIsInstalledAndEveryBundleActive() throws Exception {
        for (String feature : new String[] {"bitdust", "bitdust-core", "bitdust-crypto", "bitdust-identity",
            "bitdust-idserver", "bitdust-transport", "bitdust-transport-tcp", "bitdust-transport-http", "bitdust-raid",
            "bitdust-derby", "bitdust-backup",
            "bitdust-api", "bitdust-shell", "bitdust-http"}) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
        int ours = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getHeaders().get("Fragment-Host") == null) {
                assertEquals(bundle.getSymbolicName() + " is active", Bundle.ACTIVE, bundle.getState());
            }
            if (bundle.getSymbolicName().startsWith("io.bitdust.")) {
                ours++;
            }
        }
        assertEquals("common, crypto, identity, idserver, transport (+tcp, http), raid, derby, config, backup, api, "
                + "shell, http", 14, ours);
    }

    @Test
    public void theNodeHasItsKeysInOwnerOnlyFiles() throws Exception {
        assertTrue(keys.exists());
        Path keyFile = Paths.get(System.getProperty("karaf.data"), "bitdust", "keys", "node.keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        byte[] message = "signed in OSGi".getBytes(StandardCharsets.UTF_8);
        assertTrue(Signatures.verify(keys.signingPublicKey(), message, keys.sign(message)));
    }

    @Test
    public void theBackupBundleWarmedUpThePipelineWhenItStarted() throws InterruptedException {
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        waitFor("the warm-up's line in " + log, () -> {
            try {
                return Files.readString(log).contains("Warmed up the backup pipeline (AES-GCM, Reed-Solomon)");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    public void theNodeMadeItsIdentityAndTheIdentityServerServesIt() throws Exception {
        Http.Answer mine = http().get("identity_get", Map.of(), secret());
        assertEquals(200, mine.status);
        String idurl = "http://127.0.0.1:" + port(IDSERVER_PORT) + "/itest-node.json";
        assertEquals(idurl, mine.envelope.path("result").path("idurls").path(0).asText());
        assertEquals(keys.signingPublicKey().toString(), mine.envelope.path("result").path("signing_key").asText());
        waitFor("the node's identity server accepted its identity", () -> identity().propagate().stream()
                .allMatch(PropagationResult::accepted));
        java.net.http.HttpResponse<String> served = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(idurl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode());
        assertEquals(identity().identity().orElseThrow(),
                Identity.parse(served.body().getBytes(StandardCharsets.UTF_8)));
        Http.Answer again = http().get("identity_create", Map.of("username", "someone"), secret());
        assertEquals(409, again.status);
    }

    @Test
    public void pingGoesOverTcpThenOverHttpWhileTcpIsUninstalledAndTcpComesBack() throws Exception {
        String me = identity().identity().orElseThrow().idurl().toString();
        waitFor("TCP and HTTP contacts published", () -> myContacts().size() == 2);
        Http.Answer overTcp = pingUntilOk(me);
        assertEquals("tcp", overTcp.envelope.path("result").path("protocol").asText());

        features.uninstallFeature("bitdust-transport-tcp");
        try {
            waitFor("TCP gone from my contacts", () -> myContacts().stream().noneMatch(c -> c.startsWith("tcp://")));
            Http.Answer overHttp = pingUntilOk(me);
            assertEquals("http", overHttp.envelope.path("result").path("protocol").asText());
            Http.Answer transports = http().get("transports_list", Map.of(), secret());
            assertFalse(transports.envelope.toString().contains("\"tcp\""));
        } finally {
            features.installFeature("bitdust-transport-tcp");
        }
        waitFor("TCP back in my contacts", () -> myContacts().stream().anyMatch(c -> c.startsWith("tcp://")));
        String shown = shell("bitdust:transports-list");
        assertTrue(shown, shown.contains("tcp") && shown.contains("http"));
    }

    @Test
    public void aTransportDroppedIntoDeployIsUsedAloneAndLeavesWithItsFile() throws Exception {
        String me = identity().identity().orElseThrow().idurl().toString();
        String tcp2 = "tcp2://127.0.0.1:" + port(TCP2_PORT);
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "bitdust-sample-transport.jar");
        Files.createDirectories(deployed.getParent());
        Files.copy(Paths.get(System.getProperty(SAMPLE_JAR)), deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            waitFor("tcp2 active and in my contacts", () -> "active".equals(transportState("tcp2"))
                    && myContacts().contains(tcp2));
            features.uninstallFeature("bitdust-transport-tcp");
            features.uninstallFeature("bitdust-transport-http");
            try {
                waitFor("only tcp2 left in my contacts", () -> myContacts().stream()
                        .allMatch(c -> c.startsWith("tcp2://")));
                Http.Answer overTcp2 = pingUntilOk(me);
                assertEquals("tcp2", overTcp2.envelope.path("result").path("protocol").asText());
                assertEquals(tcp2, overTcp2.envelope.path("result").path("contact").asText());
            } finally {
                features.installFeature("bitdust-transport-tcp");
                features.installFeature("bitdust-transport-http");
            }
        } finally {
            Files.deleteIfExists(deployed);
        }
        waitFor("tcp2 gone and its bundle uninstalled", () -> transportState("tcp2").isEmpty() && Arrays.stream(
                context.getBundles()).noneMatch(b -> "io.bitdust.sample.transport".equals(b.getSymbolicName())));
        waitFor("my contacts back to TCP and HTTP", () -> myContacts().size() == 2 && myContacts().stream()
                .noneMatch(c -> c.startsWith("tcp2://")));
    }

    /** @return the state {@code transports_list} shows for a protocol, or an empty string when it is not listed */
    private String transportState(String protocol) {
        try {
            for (JsonNode transport : http().get("transports_list", Map.of(), secret()).envelope.path("result")) {
                if (protocol.equals(transport.path("protocol").asText())) {
                    return transport.path("state").asText();
                }
            }
            return "";
        } catch (Exception e) {
            throw new AssertionError("transports_list failed", e);
        }
    }

    private List<String> myContacts() {
        return identity().identity().orElseThrow().contacts();
    }

    /** The identity service now: a bundle restarted by a test registers a new one. */
    private IdentityService identity() {
        ServiceReference<IdentityService> ref = context.getServiceReference(IdentityService.class);
        if (ref == null) {
            throw new AssertionError("no IdentityService is registered");
        }
        return context.getService(ref);
    }

    @Test
    public void pingOfAnUnknownNodeSaysSo() throws Exception {
        Http.Answer unknown = http().get("ping", Map.of("idurl", "http://127.0.0.1:" + port(IDSERVER_PORT)
                + "/nobody.json", "timeout", "3"), secret());
        assertEquals(404, unknown.status);
        assertTrue(unknown.firstError(), unknown.firstError().contains("not found"));
    }

    private Http.Answer pingUntilOk(String idurl) throws Exception {
        Http.Answer[] last = new Http.Answer[1];
        waitFor(() -> "a ping answered; the last: " + (last[0] == null ? "none" : last[0].envelope), () -> {
            try {
                last[0] = http().get("ping", Map.of("idurl", idurl, "timeout", "5"), secret());
                return last[0].ok();
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }

    @Test
    public void reedSolomonTakesItsSimdPathInsideKaraf() {
        assertEquals(EccCodec.Engine.SIMD, EccCodec.Engine.fastest());
        EccCodec codec = EccCodec.create(EccMap.parse("ecc/4x4"));
        byte[][] shards = new byte[8][1000];
        for (int i = 0; i < 4; i++) {
            Arrays.fill(shards[i], (byte) (i * 37 + 1));
        }
        codec.encodeParity(shards, 0, 1000);
        byte[] data0 = shards[0].clone();
        boolean[] present = {false, true, true, false, true, true, true, true};
        shards[0] = new byte[1000];
        shards[3] = new byte[1000];
        codec.decodeMissing(shards, present, 0, 1000);
        assertTrue(Arrays.equals(data0, shards[0]));
    }

    @Test
    public void everyApiFunctionIsAShellCommand() {
        for (ApiFunction function : api.functions()) {
            assertNotNull("bitdust:" + function.commandName(),
                    sessions.getRegistry().getCommand("bitdust", function.commandName()));
        }
    }

    @Test
    public void aValueSetInTheShellIsReadBackOverHttp() throws Exception {
        String printed = shell("bitdust:config-set services/backups/block-size 8mb");
        assertTrue(printed, printed.contains("8 MB"));
        Http.Answer answer = http().get("config_get", Map.of("key", "services/backups/block-size"), secret());
        assertEquals(200, answer.status);
        assertEquals("8 MB", answer.envelope.path("result").path(0).path("value").asText());
        assertEquals("disk space", answer.envelope.path("result").path(0).path("type").asText());
        String json = shell("bitdust:config-get services/backups/block-size --json");
        assertTrue(json, json.contains("\"status\" : \"OK\""));
    }

    @Test
    public void theDebugLevelReallySetsTheLogLevel() throws Exception {
        org.slf4j.Logger logger = LoggerFactory.getLogger("io.bitdust.itests.Probe");
        config.set("logs/debug-level", "5");
        waitFor("DEBUG enabled for io.bitdust", logger::isDebugEnabled);
        config.set("logs/debug-level", "0");
        waitFor("INFO but no DEBUG for io.bitdust", () -> logger.isInfoEnabled() && !logger.isDebugEnabled());
    }

    @Test
    public void theSecretIsEnforced() throws Exception {
        Http.Answer none = http().get("config_list", Map.of(), null);
        assertEquals(401, none.status);
        assertTrue(none.firstError(), none.firstError().startsWith("access denied"));
        Http.Answer wrong = http().get("config_list", Map.of(), "0123");
        assertEquals(401, wrong.status);
        assertEquals(200, http().get("config_list", Map.of(), secret()).status);
    }

    @Test
    public void wrongTypesAreRefusedEverywhereAndChangeNothing() throws Exception {
        String before = config.get("interface/api/rest-http-port").value();
        Http.Answer answer = http().get("config_set", Map.of("key", "interface/api/rest-http-port", "value", "http"),
                secret());
        assertEquals(400, answer.status);
        assertTrue(answer.firstError(), answer.firstError().contains("takes a port"));
        try {
            shell("bitdust:config-set logs/debug-level loud");
            fail("the shell accepted a wrong type");
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage().contains("takes a positive integer"));
        }
        Http.Answer unknown = http().get("config_set", Map.of("key", "no/such-option", "value", "1"), secret());
        assertEquals(404, unknown.status);
        Http.Answer notYet = http().get("backups_list", Map.of(), secret());
        assertEquals(503, notYet.status);
        assertTrue(notYet.firstError().contains("not available yet"));
        assertEquals(before, config.get("interface/api/rest-http-port").value());
    }

    @Test
    public void derbyIsReachedThroughItsDataSourceFactory() throws Exception {
        ServiceReference<DataSourceFactory> ref = context.getServiceReferences(DataSourceFactory.class,
                "(osgi.jdbc.driver.name=derby)").iterator().next();
        DataSourceFactory factory = context.getService(ref);
        Properties props = new Properties();
        Path db = Paths.get(System.getProperty("karaf.data"), "bitdust", "itest-db").toAbsolutePath();
        props.setProperty(DataSourceFactory.JDBC_URL, "jdbc:derby:" + db + ";create=true");
        DataSource source = factory.createDataSource(props);
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id INT PRIMARY KEY, name VARCHAR(40))");
            s.execute("INSERT INTO probe VALUES (1, 'derby in osgi')");
            try (ResultSet rs = s.executeQuery("SELECT name FROM probe WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals("derby in osgi", rs.getString(1));
            }
        }
        assertTrue(Files.isDirectory(db));
    }

    @Test
    public void anAreaCanBeRemovedAndAddedWhileTheNodeRuns() throws Exception {
        String secret = secret();
        assertTrue(http().get("identity_get", Map.of(), secret).ok());
        Bundle identityBundle = Arrays.stream(context.getBundles())
                .filter(b -> "io.bitdust.identity".equals(b.getSymbolicName())).findFirst().orElseThrow();
        identityBundle.stop();
        try {
            Http.Answer gone = http().get("identity_get", Map.of(), secret);
            assertEquals(gone.envelope.toString(), 503, gone.status);
            assertEquals("identity is not running", gone.firstError());
            Http.Answer health = http().get("process_health", Map.of(), secret);
            assertTrue("the API still answers", health.ok());
            assertEquals("not running", health.envelope.path("result").path("areas").path("identity").asText());
            assertTrue(http().get("config_get", Map.of("key", "logs/debug-level"), secret).ok());
        } finally {
            identityBundle.start();
        }
        waitFor("identity_get answers again", () -> {
            try {
                return http().get("identity_get", Map.of(), secret).ok();
            } catch (Exception e) {
                return false;
            }
        });
        waitFor(() -> "TCP and HTTP contacts back; they are " + myContacts(), () -> myContacts().size() == 2);
    }

    @Test
    public void theApiMovesWhenItsPortChangesAndBack() throws Exception {
        String secret = secret();
        Http moved = new Http("http://127.0.0.1:" + port(SPARE_API_PORT) + "/");
        Http.Answer change = http().get("config_set", Map.of("key", "interface/api/rest-http-port",
                "value", Integer.toString(port(SPARE_API_PORT))), secret);
        assertEquals("the answer still comes from the old port", 200, change.status);
        waitFor("the API on the new port", () -> answersHealth(moved, secret));
        waitFor("the old port closed", () -> !http().answers());
        config.set("interface/api/rest-http-port", Integer.toString(port(API_PORT)));
        waitFor("the API back on its port", () -> answersHealth(http(), secret));
    }

    @Test
    public void sshListensOnLoopbackAndNoUserExists() throws Exception {
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Properties shell = new Properties();
        try (var in = Files.newInputStream(etc.resolve("org.apache.karaf.shell.cfg"))) {
            shell.load(in);
        }
        assertEquals("127.0.0.1", shell.getProperty("sshHost"));
        Properties users = new Properties();
        try (var in = Files.newInputStream(etc.resolve("users.properties"))) {
            users.load(in);
        }
        assertTrue("no user or group is defined: " + users.keySet(), users.isEmpty());
    }

    @Test
    public void theWebPageIsServed() throws Exception {
        assertTrue(http().answers());
        Http.Answer health = http().get("process_health", Map.of(), secret());
        assertEquals("running", health.envelope.path("result").path("status").asText());
        assertFalse(health.envelope.path("result").path("areas").isMissingNode());
    }

    private static boolean answersHealth(Http http, String secret) {
        try {
            return http.get("process_health", Map.of(), secret).ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Http http() {
        return new Http("http://127.0.0.1:" + port(API_PORT) + "/");
    }

    private static String secret() throws Exception {
        return Files.readString(Paths.get(System.getProperty("karaf.data"), "bitdust", "apisecret")).trim();
    }

    private String shell(String command) throws Exception {
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

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        waitFor(() -> what, condition);
    }

    private static void waitFor(java.util.function.Supplier<String> what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT_SECONDS + " s waiting for: " + what.get());
            }
            Thread.sleep(100);
        }
    }
}
