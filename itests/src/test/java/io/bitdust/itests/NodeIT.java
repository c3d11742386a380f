package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.Signatures;
import io.bitdust.identity.IdentityService;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.raid.EccCodec;
import io.bitdust.raid.EccMap;
import io.bitdust.restore.RestoreService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.LoggerFactory;

/**
 * The node as a platform: every feature and bundle up, packet handler services served by ranking through DS, the
 * keys in owner-only files, the libraries (Derby, the SIMD
 * Reed-Solomon path, the pipeline's warm-up) working inside Karaf, ssh on loopback, logging driven by the options.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeIT extends KarafTestSupport {
    @Inject
    private ConfigService config;
    @Inject
    private FeaturesService features;
    @Inject
    private KeyRing keys;
    @Inject
    private Gateway gateway;
    @Inject
    private IdentityService identity;
    @Inject
    private RestoreService restores;

    @Test
    public void packetHandlerServicesServeTheirCommandsByRanking() throws Exception {
        ServiceRegistration<PacketHandler> low = context.registerService(PacketHandler.class,
                packet -> Answer.ack("low").now(), handlerProperties(1));
        ServiceRegistration<PacketHandler> high = context.registerService(PacketHandler.class,
                packet -> Answer.ack("high, from " + packet.creator()).now(), handlerProperties(5));
        try {
            IdUrl me = identity.identity().orElseThrow().idurl();
            waitFor("a transport active", () -> gateway.transports().stream().anyMatch(t -> "active".equals(t.state)));
            // the packet goes to my own IDURL: its contacts are read from my identity server
            waitFor("my identity published", () -> !identity.publication().isEmpty()
                    && identity.publication().stream().allMatch(publication -> publication.current()));
            assertEquals("high, from " + me, listFiles(me));
            high.unregister();
            high = null;
            assertEquals("low", listFiles(me));
        } finally {
            low.unregister();
            if (high != null) {
                high.unregister();
            }
        }
    }

    /** Sends this node a ListFiles through its own transports, as a peer would, and returns the Ack's text. */
    private String listFiles(IdUrl me) throws Exception {
        Packet reply = gateway.request(gateway.packet(Command.LIST_FILES, me, new byte[0])).toCompletableFuture()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(Command.ACK, reply.command());
        return new String(reply.payload(), StandardCharsets.UTF_8);
    }

    private static Dictionary<String, Object> handlerProperties(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PacketHandler.COMMANDS_PROPERTY, new String[] {"LIST_FILES"});
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    @Test
    public void everyFeatureIsInstalledAndEveryBundleActive() throws Exception {
        for (String feature : new String[] {"bitdust", "bitdust-core", "bitdust-crypto", "bitdust-identity",
            "bitdust-idserver", "bitdust-transport", "bitdust-transport-tcp", "bitdust-transport-http", "bitdust-raid",
            "bitdust-derby", "bitdust-backup", "bitdust-restore", "bitdust-messaging", "bitdust-storage",
            "bitdust-customers", "bitdust-suppliers", "bitdust-catalog", "bitdust-api", "bitdust-shell",
            "bitdust-http"}) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
        Set<String> ours = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getHeaders().get("Fragment-Host") == null) {
                assertEquals(bundle.getSymbolicName() + " is active", Bundle.ACTIVE, bundle.getState());
            }
            if (bundle.getSymbolicName().startsWith("io.bitdust.")) {
                ours.add(bundle.getSymbolicName());
            }
        }
        for (String area : new String[] {"common", "config", "crypto", "identity", "idserver", "transport",
            "transport.tcp", "transport.http", "raid", "derby", "backup", "restore", "messaging", "storage",
            "customers", "suppliers", "catalog", "api", "shell", "http"}) {
            assertTrue("io.bitdust." + area + " is installed: " + ours, ours.contains("io.bitdust." + area));
        }
    }

    @Test
    public void theRestoreServiceRunsWithItsReferencesAndRefusesAnUnknownBackup() {
        Path destination = Paths.get(System.getProperty("karaf.data"), "restore-test");
        try {
            restores.start("0/0/9/F20260101010101AM", destination, ExistingFilePolicy.FAIL_IF_EXISTS);
            fail("the catalog has no 0/0/9/F20260101010101AM");
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), ErrorCode.NOT_FOUND, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("0/0/9/F20260101010101AM is not in the catalog"));
        }
        assertEquals(List.of(), restores.running());
        assertFalse(Files.exists(destination));
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
    public void theStorageAreasAndTheCatalogRunOnTheirOwnDerbyDatabases() throws Exception {
        String secret = secret();
        waitFor("space_donated and suppliers_list answer", () -> {
            try {
                return http().get("space_donated", Map.of(), secret).ok()
                        && http().get("suppliers_list", Map.of(), secret).ok();
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        Http.Answer donated = http().get("space_donated", Map.of(), secret);
        assertEquals(8L << 30, donated.envelope.path("result").path("donated_bytes").asLong());
        Http.Answer family = http().get("suppliers_list", Map.of(), secret);
        assertEquals(family.envelope.toString(), 4, family.envelope.path("result").size());
        Path db = Paths.get(System.getProperty("karaf.data"), "bitdust", "db");
        assertTrue(Files.isDirectory(db.resolve("customers")));
        assertTrue(Files.isDirectory(db.resolve("suppliers")));
        // by name: a class of the catalog bundle in the probe would wire the probe to it
        waitFor("the Catalog service", () -> context.getServiceReference("io.bitdust.catalog.Catalog") != null);
        assertTrue(Files.isDirectory(db.resolve("catalog")));
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
    public void theDebugLevelReallySetsTheLogLevel() throws Exception {
        org.slf4j.Logger logger = LoggerFactory.getLogger("io.bitdust.itests.Probe");
        config.set("logs/debug-level", "5");
        waitFor("DEBUG enabled for io.bitdust", logger::isDebugEnabled);
        config.set("logs/debug-level", "0");
        waitFor("INFO but no DEBUG for io.bitdust", () -> logger.isInfoEnabled() && !logger.isDebugEnabled());
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
}
