package io.bitdust.backup.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.backup.remote.FakeNetwork.Family;
import io.bitdust.backup.remote.FakeNetwork.FakeGateway;
import io.bitdust.catalog.NamingKey;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.PackSettings;
import io.bitdust.pipeline.Packer;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.RestoreResult;
import io.bitdust.pipeline.Unpacker;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.StoredData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SupplierFragmentSourceTest {
    private static final String BACKUP = "0/1/F20261203020000PM";
    private static final int BLOCK = 64 * 1024;
    private static final Duration LONG = Duration.ofSeconds(60);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final Family family = Family.of(4);
    private NamingKey namingKey;
    private KeyRing keys;
    private FakeGateway gateway;
    private SupplierFragmentSource source;

    @Before
    public void setUp() throws Exception {
        byte[] key = new byte[32];
        random.nextBytes(key);
        namingKey = new NamingKey(key);
        FileKeyRing ring = new FileKeyRing(temp.newFolder("keys").toPath(), random);
        ring.create();
        keys = ring;
        gateway = new FakeGateway(keys::sign);
        gateway.ackAll();
        source = new SupplierFragmentSource(gateway, family, namingKey, FakeNetwork.ME, keys.signingPublicKey(),
                FakeNetwork.CODEC, LONG);
    }

    @After
    public void stop() {
        workers.shutdownNow();
    }

    @Test
    public void aVersionComesBackWithOneSupplierOfflineAndOneServingTheWrongObject() throws Exception {
        Path data = temp.newFolder("source").toPath().resolve("data");
        byte[] bytes = new byte[3 * BLOCK + 99];
        new Random(5).nextBytes(bytes);
        Files.write(data, bytes);
        VersionManifest manifest = pack(data);
        gateway.offline.add(FakeNetwork.supplier(2));
        gateway.liars.add(FakeNetwork.supplier(1));

        Path destination = temp.getRoot().toPath().resolve("restored");
        RestoreResult result = new Unpacker(workers, 2).unpack(BACKUP, source, keys, keys.signingPublicKey(),
                destination, ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);

        assertEquals(manifest.blockCount(), result.blocks());
        assertArrayEquals(bytes, Files.readAllBytes(destination.resolve("data")));
        assertFalse(result.rejectedFragments().isEmpty());
        assertTrue(result.rejectedFragments().toString(), result.rejectedFragments().stream()
                .allMatch(fragment -> fragment.contains("-1-") || fragment.contains("-2-")));
    }

    @Test
    public void theManifestComesFromTheFirstSupplierWithAValidOne() throws Exception {
        Path data = temp.newFolder("source").toPath().resolve("data");
        Files.writeString(data, "hello");
        pack(data);
        gateway.offline.add(FakeNetwork.supplier(0));
        gateway.liars.add(FakeNetwork.supplier(1));
        byte[] manifest = source.manifest(BACKUP).orElseThrow();
        assertEquals(BACKUP, VersionManifest.parse(manifest, keys.signingPublicKey()).backupId());
        assertArrayEquals(StoredData.parse(gateway.stored.get(FakeNetwork.supplier(2))
                .get(namingKey.manifest(BACKUP)).payload()).data(), manifest);
    }

    @Test
    public void anUnknownVersionHasNoManifestAndAnUnhiredPositionNoFragment() throws Exception {
        assertEquals(Optional.empty(), source.manifest("0/9/F1"));
        family.hired.remove(3);
        int sent = gateway.sent.size();
        assertEquals(Optional.empty(), source.fragment(new FragmentName(BACKUP, 0, 3, true)));
        assertEquals(sent, gateway.sent.size());
        try {
            new Unpacker(workers, 1).unpack("0/9/F1", source, keys, keys.signingPublicKey(),
                    temp.getRoot().toPath().resolve("nothing"), ExistingFilePolicy.FAIL_IF_EXISTS,
                    ProgressListener.NONE);
            fail("no supplier holds 0/9/F1");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.NOT_FOUND, e.code());
        }
    }

    @Test
    public void aSupplierThatDoesNotAnswerInTimeGivesNothing() throws Exception {
        gateway.rules.remove(FakeNetwork.supplier(0));
        SupplierFragmentSource impatient = new SupplierFragmentSource(gateway, family, namingKey, FakeNetwork.ME,
                keys.signingPublicKey(), FakeNetwork.CODEC, Duration.ofMillis(20));
        assertEquals(Optional.empty(), impatient.fragment(new FragmentName(BACKUP, 0, 0, false)));
    }

    private VersionManifest pack(Path data) {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, namingKey, 2, LONG);
        return new Packer(PackSettings.of(EccMap.parse("ecc/4x4"), BLOCK), workers, random).pack(data, BACKUP, keys,
                sink, ProgressListener.NONE);
    }
}
