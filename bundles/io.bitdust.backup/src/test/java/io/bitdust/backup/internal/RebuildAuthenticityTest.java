package io.bitdust.backup.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupState;
import io.bitdust.backup.UpdateResult;
import io.bitdust.backup.remote.FakeNetwork;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A rebuild uses only fragments the owner-signed manifest vouches for, served in packets of the owner: a supplier
 * that serves altered bytes, another version's fragment or a packet signed by someone else does not change what is
 * sent to the position being rebuilt, and a block without {@code N} authentic fragments sends nothing. Position 2 of
 * an ecc/4x4 family is emptied (a new supplier) and rebuilt by {@code Backups.update}; the fragments it can be rebuilt
 * from are, in the order the rebuild takes them, 0 Data, 0 Parity, 1 Data, 1 Parity, 3 Data, 3 Parity, so a bad
 * fragment at position 0 or 1 is one the rebuild would use first.
 */
public class RebuildAuthenticityTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BLOCK = 64 * 1024;
    private static final int EMPTIED = 2;
    private static final IdUrl STRANGER = IdUrl.of("http://127.0.0.1:8084", "mallory");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private FileKeyRing keys;
    private NamingKey naming;
    private FakeNetwork.FakeGateway gateway;
    private FakeNetwork.Family family;
    private Database database;
    private CatalogStore catalog;
    /**
     * Signs as the owner: a packet a supplier cannot make, as if the owner had signed the bad bytes, so that only the
     * fragment's hash in the signed manifest can refuse them.
     */
    private final Function<byte[], byte[]> byMe = message -> keys.sign(message);

    @Before
    public void setUp() throws Exception {
        keys = new FileKeyRing(folder.newFolder("keys").toPath(), RANDOM);
        keys.create();
        naming = NamingKey.of(keys);
        gateway = new FakeNetwork.FakeGateway(keys::sign);
        gateway.ackAll();
        gateway.listingKey = keys.agreementPublicKey();
        family = FakeNetwork.Family.of(4);
        database = Database.embedded(folder.newFolder("node").toPath(), CatalogStore.SCHEMA);
        catalog = new CatalogStore(database, keys, RANDOM, Clock.systemUTC());
    }

    @After
    public void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        database.close();
    }

    @Test
    public void alteredFragmentsWithAValidCrcAreNotUsedButNamedAndReplacedAndTheRebuildIsByteExact()
            throws Exception {
        Backups backups = backups();
        String backupId = backUp(backups, "altered", 4);
        int blocks = catalog.version(backupId).orElseThrow().blocks();
        assertTrue("several blocks", blocks > 1);
        VersionManifest manifest = manifest(backupId);
        Map<String, byte[]> first = dataSentTo(EMPTIED, 0);
        Map<String, byte[]> originals = dataSentTo(0, 0);
        List<String> served = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            for (boolean parity : new boolean[] {false, true}) {
                FragmentName name = new FragmentName(backupId, block, 0, parity);
                byte[] altered = altered(fragmentAt(name));
                assertFalse("only the signed manifest tells " + name + " is altered", manifest.matches(name, altered));
                replace(name, byMe, FakeNetwork.ME, objectName(name), altered);
                served.add(objectName(name));
            }
        }
        gateway.stored.get(FakeNetwork.supplier(EMPTIED)).clear();

        int mark = gateway.sent.size();
        UpdateResult result = update(backups);

        List<FragmentState> wanted = at(backupId, EMPTIED);
        assertEquals(2 * blocks, wanted.size());
        assertNoRebuildFailure(result);
        assertEquals(result.toString(), wanted.size(), result.fragmentsMissing());
        assertTrue("the altered fragments were asked for and served", retrieved(0, mark).containsAll(served));
        assertNamedAndReplaced(result, 0, served, originals, mark);
        assertEquals(result.toString(), wanted.size() + served.size(), result.fragmentsRebuilt());
        assertRebuiltAsFirstDelivered(wanted, first, mark);
        assertTrue(catalog.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
        assertTrue("the manifest is back", gateway.stored.get(FakeNetwork.supplier(EMPTIED))
                .containsKey(naming.manifest(backupId)));
    }

    @Test
    public void aFragmentOfAnotherVersionServedInItsPlaceIsNotUsed() throws Exception {
        Backups backups = backups();
        String older = backUp(backups, "older", 3);
        String wantedId = backUp(backups, "newer", 4);
        int blocks = catalog.version(wantedId).orElseThrow().blocks();
        int olderBlocks = catalog.version(older).orElseThrow().blocks();
        VersionManifest manifest = manifest(wantedId);
        Map<String, byte[]> first = dataSentTo(EMPTIED, 0);
        Map<String, byte[]> originals = dataSentTo(0, 0);
        List<String> served = new ArrayList<>();
        List<String> otherFiles = new ArrayList<>();
        Map<String, Packet> supplier0 = gateway.stored.get(FakeNetwork.supplier(0));
        for (int block = 0; block < blocks; block++) {
            FragmentName data = new FragmentName(wantedId, block, 0, false);
            FragmentName parity = new FragmentName(wantedId, block, 0, true);
            FragmentName otherData = new FragmentName(older, Math.min(block, olderBlocks - 1), 0, false);
            FragmentName otherParity = new FragmentName(older, Math.min(block, olderBlocks - 1), 0, true);
            // the other version's own packet, signed by me but for another object name
            Packet foreign = supplier0.get(objectName(otherData));
            assertNotNull(foreign);
            supplier0.put(objectName(data), foreign);
            // the other version's fragment in a packet of mine under this object name: a sound header, only the
            // manifest tells it belongs to another version
            byte[] otherFile = fragmentAt(otherParity);
            assertEquals(older, FragmentFile.read(otherFile).name().backupId());
            assertFalse(manifest.matches(parity, otherFile));
            replace(parity, byMe, FakeNetwork.ME, objectName(parity), otherFile);
            served.add(objectName(data));
            served.add(objectName(parity));
            otherFiles.add(objectName(parity));
        }
        gateway.stored.get(FakeNetwork.supplier(EMPTIED)).clear();

        int mark = gateway.sent.size();
        UpdateResult result = update(backups);

        List<FragmentState> wanted = new ArrayList<>(at(wantedId, EMPTIED));
        wanted.addAll(at(older, EMPTIED));
        assertNoRebuildFailure(result);
        assertEquals(result.toString(), wanted.size(), result.fragmentsMissing());
        assertTrue(retrieved(0, mark).containsAll(served));
        // another version's file in a packet of mine is caught by the manifest, a packet for another object as it is
        // opened: both are named and replaced
        assertNamedAndReplaced(result, 0, served, originals, mark);
        assertTrue(result.toString(), result.problems().stream().filter(problem -> problem.contains(
                "which does not match the signed manifest")).count() == otherFiles.size());
        assertEquals(result.toString(), wanted.size() + served.size(), result.fragmentsRebuilt());
        assertRebuiltAsFirstDelivered(wanted, first, mark);
        assertTrue(catalog.fragments(wantedId).stream().allMatch(FragmentState::isDelivered));
    }

    @Test
    public void aPacketSignedBySomeoneElseIsNotUsedButNamedAndReplaced() throws Exception {
        Backups backups = backups();
        String backupId = backUp(backups, "signed", 4);
        int blocks = catalog.version(backupId).orElseThrow().blocks();
        Map<String, byte[]> first = dataSentTo(EMPTIED, 0);
        Map<String, byte[]> originals = dataSentTo(0, 0);
        List<String> served = new ArrayList<>();
        Function<byte[], byte[]> stranger = message -> Signatures.sign(FakeNetwork.KEY, message);
        for (int block = 0; block < blocks; block++) {
            FragmentName data = new FragmentName(backupId, block, 0, false);
            FragmentName parity = new FragmentName(backupId, block, 0, true);
            // claims to be mine, signed with another key
            replace(data, stranger, FakeNetwork.ME, objectName(data), altered(fragmentAt(data)));
            // made and signed by someone else
            replace(parity, stranger, STRANGER, objectName(parity), altered(fragmentAt(parity)));
            served.add(objectName(data));
            served.add(objectName(parity));
        }
        gateway.stored.get(FakeNetwork.supplier(EMPTIED)).clear();

        int mark = gateway.sent.size();
        UpdateResult result = update(backups);

        List<FragmentState> wanted = at(backupId, EMPTIED);
        assertNoRebuildFailure(result);
        assertTrue(retrieved(0, mark).containsAll(served));
        assertNamedAndReplaced(result, 0, served, originals, mark);
        assertTrue(result.toString(), result.problems().stream().allMatch(problem -> problem.contains(
                "as a packet that is no valid copy")));
        assertEquals(result.toString(), wanted.size() + served.size(), result.fragmentsRebuilt());
        assertRebuiltAsFirstDelivered(wanted, first, mark);
        assertTrue(catalog.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
    }

    @Test
    public void aManifestSignedBySomeoneElseIsNamedAndItsSupplierGetsTheManifestAgain() throws Exception {
        Backups backups = backups();
        String backupId = backUp(backups, "manifest", 3);
        String name = naming.manifest(backupId);
        Map<String, Packet> atZero = gateway.stored.get(FakeNetwork.supplier(0));
        byte[] original = StoredData.parse(atZero.get(name).payload()).data();
        // my manifest's bytes, in a packet that claims to be mine and is signed with another key
        Packet forged = FakeNetwork.CODEC.decode(FakeNetwork.CODEC.encode(Packet.sign(Command.DATA, FakeNetwork.ME,
                FakeNetwork.ME, UUID.randomUUID().toString(), System.currentTimeMillis(), FakeNetwork.supplier(0),
                new StoredData(name, original).toBytes(), message -> Signatures.sign(FakeNetwork.KEY, message))));
        atZero.put(name, forged);
        gateway.stored.get(FakeNetwork.supplier(EMPTIED)).clear();

        UpdateResult result = update(backups);

        assertNoRebuildFailure(result);
        assertTrue(result.toString(), result.problems().stream().anyMatch(problem -> problem.startsWith(
                "position 0 (" + FakeNetwork.supplier(0) + ") served the manifest of " + backupId
                + " as a packet that is no valid copy (") && problem.endsWith("): sent again")));
        assertNotSame("the forged packet is replaced", forged, atZero.get(name));
        assertArrayEquals(original, StoredData.parse(atZero.get(name).payload()).data());
        assertEquals(backupId, manifest(backupId).backupId());
        assertTrue(catalog.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
    }

    @Test
    public void aBlockWithFewerThanNAuthenticFragmentsFailsAndNothingOfItIsSent() throws Exception {
        Backups backups = backups();
        String backupId = backUp(backups, "short", 4);
        int blocks = catalog.version(backupId).orElseThrow().blocks();
        assertTrue("a block before and after the bad one", blocks >= 3);
        Map<String, byte[]> first = dataSentTo(EMPTIED, 0);
        int bad = 1;
        Map<FragmentName, Packet> genuine = new HashMap<>();
        FragmentName data0 = new FragmentName(backupId, bad, 0, false);
        FragmentName parity0 = new FragmentName(backupId, bad, 0, true);
        FragmentName data1 = new FragmentName(backupId, bad, 1, false);
        for (FragmentName name : List.of(data0, parity0, data1)) {
            genuine.put(name, gateway.stored.get(FakeNetwork.supplier(name.position())).get(objectName(name)));
        }
        replace(data0, byMe, FakeNetwork.ME, objectName(data0), altered(fragmentAt(data0)));
        replace(parity0, byMe, FakeNetwork.ME, objectName(parity0),
                fragmentAt(new FragmentName(backupId, bad + 1, 0, true)));
        replace(data1, message -> Signatures.sign(FakeNetwork.KEY, message), FakeNetwork.ME, objectName(data1),
                fragmentAt(data1));
        gateway.stored.get(FakeNetwork.supplier(EMPTIED)).clear();

        int mark = gateway.sent.size();
        UpdateResult result = update(backups);

        List<FragmentState> wanted = at(backupId, EMPTIED);
        assertEquals(result.toString(), wanted.size(), result.fragmentsMissing());
        assertTrue(result.problems().toString(), result.problems().stream().anyMatch(problem -> problem.contains(
                "block " + bad + " of " + backupId + " has 3 good fragments, 4 are needed")));
        List<String> badBlock = wanted.stream().filter(f -> f.ref().block() == bad).map(FragmentState::objectName)
                .toList();
        assertEquals(2, badBlock.size());
        List<StoredData> sent = fragmentsSentTo(EMPTIED, mark);
        for (StoredData object : sent) {
            assertFalse("nothing of block " + bad + " is sent: " + object.name(), badBlock.contains(object.name()));
            assertArrayEquals("what is sent is what was first delivered: " + object.name(), first.get(object.name()),
                    object.data());
        }
        for (String name : badBlock) {
            assertFalse(gateway.stored.get(FakeNetwork.supplier(EMPTIED)).containsKey(name));
        }
        assertTrue(catalog.fragments(backupId).stream().filter(f -> f.ref().block() == bad
                && f.ref().position() == EMPTIED).noneMatch(FragmentState::isDelivered));
        // the blocks before and after the bad one are rebuilt in the same update, and the manifest goes back
        assertEquals(result.toString(), wanted.size() - badBlock.size(), sent.size());
        assertEquals(result.toString(), sent.size(), result.fragmentsRebuilt());
        for (FragmentState fragment : wanted) {
            if (fragment.ref().block() != bad) {
                assertTrue(fragment.ref().toString(), catalog.fragments(backupId).stream()
                        .filter(f -> f.ref().equals(fragment.ref())).allMatch(FragmentState::isDelivered));
            }
        }
        assertTrue("the manifest is back", gateway.stored.get(FakeNetwork.supplier(EMPTIED))
                .containsKey(naming.manifest(backupId)));

        // the suppliers serve the genuine packets again: the next update rebuilds everything, byte-exact
        genuine.forEach((name, packet) -> gateway.stored.get(FakeNetwork.supplier(name.position()))
                .put(objectName(name), packet));
        int again = gateway.sent.size();
        UpdateResult healed = update(backups);
        assertTrue(healed.problems().toString(), healed.problems().isEmpty());
        Map<String, Packet> rebuilt = gateway.stored.get(FakeNetwork.supplier(EMPTIED));
        for (FragmentState fragment : wanted) {
            assertTrue(fragment.ref().toString(), rebuilt.containsKey(fragment.objectName()));
            assertArrayEquals(fragment.ref().toString(), first.get(fragment.objectName()),
                    StoredData.parse(rebuilt.get(fragment.objectName()).payload()).data());
        }
        assertTrue(fragmentsSentTo(EMPTIED, again).stream().map(StoredData::name).toList().containsAll(badBlock));
        assertTrue(catalog.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
    }

    private Backups backups() {
        Backups backups = new Backups(catalog, family, gateway, keys, () -> Optional.of(FakeNetwork.ME),
                FakeNetwork.CODEC, () -> new Backups.Settings(true, BLOCK, 2, false),
                folder.getRoot().toPath().resolve("local"), Duration.ofSeconds(30), Clock.systemUTC());
        closing.add(0, backups);
        return backups;
    }

    /** @return the backup ID of a version of a new folder of {@code files} random files, delivered everywhere */
    private String backUp(Backups backups, String name, int files) throws Exception {
        Path root = folder.newFolder(name).toPath();
        for (int i = 0; i < files; i++) {
            byte[] data = new byte[40_000 + i * 7_000];
            RANDOM.nextBytes(data);
            Files.write(root.resolve("f" + i + ".bin"), data);
        }
        CatalogItem item = catalog.add(List.of(NewItem.folder(root.toString()))).get(0);
        backups.start(item.pathId());
        BackupJob done = BackupsTest.awaitEnd(backups, item.pathId());
        assertEquals(done.error(), BackupState.DONE, done.state());
        assertTrue(catalog.fragments(done.backupId()).stream().allMatch(FragmentState::isDelivered));
        return done.backupId();
    }

    private static UpdateResult update(Backups backups) throws Exception {
        return backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private VersionManifest manifest(String backupId) {
        Packet stored = gateway.stored.get(FakeNetwork.supplier(0)).get(naming.manifest(backupId));
        return VersionManifest.parse(StoredData.parse(stored.payload()).data(), keys.signingPublicKey());
    }

    private String objectName(FragmentName name) {
        return naming.fragment(name.backupId(), name.block(), name.position(), name.parity());
    }

    /** @return the fragment file its supplier keeps */
    private byte[] fragmentAt(FragmentName name) {
        Packet stored = gateway.stored.get(FakeNetwork.supplier(name.position())).get(objectName(name));
        assertNotNull(name.toString(), stored);
        return StoredData.parse(stored.payload()).data();
    }

    /** Makes the supplier of a fragment's position keep, and serve, another Data packet under its object name. */
    private void replace(FragmentName name, Function<byte[], byte[]> signer, IdUrl creator, String objectName,
            byte[] data) {
        IdUrl supplier = FakeNetwork.supplier(name.position());
        Packet packet = Packet.sign(Command.DATA, FakeNetwork.ME, creator, UUID.randomUUID().toString(),
                System.currentTimeMillis(), supplier, new StoredData(objectName, data).toBytes(), signer);
        gateway.stored.get(supplier).put(objectName(name), FakeNetwork.CODEC.decode(FakeNetwork.CODEC.encode(packet)));
    }

    /** @return the fragment file with one byte of its shard flipped, its header still sound */
    private static byte[] altered(byte[] fragment) {
        FragmentFile header = FragmentFile.read(fragment);
        byte[] altered = fragment.clone();
        altered[header.shardOffset() + header.shardLength() / 2] ^= 0x5a;
        assertEquals("the header still passes", header.name(), FragmentFile.read(altered).name());
        assertFalse(Arrays.equals(fragment, altered));
        return altered;
    }

    private List<FragmentState> at(String backupId, int position) {
        return catalog.fragments(backupId).stream().filter(f -> f.ref().position() == position).toList();
    }

    /** @return the objects of the fragment Data packets sent to a position since {@code from}, in order */
    private List<StoredData> fragmentsSentTo(int position, int from) {
        Set<String> fragments = fragmentObjectNames();
        List<StoredData> objects = new ArrayList<>();
        List<Packet> sent = gateway.sent;
        for (int i = from; i < sent.size(); i++) {
            Packet packet = sent.get(i);
            if (packet.command() == Command.DATA && packet.remote().equals(FakeNetwork.supplier(position))) {
                StoredData object = StoredData.parse(packet.payload());
                if (fragments.contains(object.name())) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    /** @return the fragment files first sent to a position since {@code from}, by object name */
    private Map<String, byte[]> dataSentTo(int position, int from) {
        Map<String, byte[]> first = new HashMap<>();
        for (StoredData object : fragmentsSentTo(position, from)) {
            first.putIfAbsent(object.name(), object.data());
        }
        assertFalse(first.isEmpty());
        return first;
    }

    /** @return the object names of every fragment of every version in the catalog */
    private Set<String> fragmentObjectNames() {
        return catalog.allVersions().stream().flatMap(version -> catalog.fragments(version.backupId()).stream())
                .map(FragmentState::objectName).collect(Collectors.toSet());
    }

    /** @return the object names a position was asked to retrieve since {@code from} */
    private List<String> retrieved(int position, int from) {
        List<String> names = new ArrayList<>();
        List<Packet> sent = gateway.sent;
        for (int i = from; i < sent.size(); i++) {
            Packet packet = sent.get(i);
            if (packet.command() == Command.RETRIEVE && packet.remote().equals(FakeNetwork.supplier(position))) {
                names.add(RetrieveRequest.parse(packet.payload()).name());
            }
        }
        return names;
    }

    /** Every fragment wanted at the emptied position was sent there once, byte-identical to its first delivery. */
    private void assertRebuiltAsFirstDelivered(List<FragmentState> wanted, Map<String, byte[]> first, int mark) {
        List<StoredData> sent = fragmentsSentTo(EMPTIED, mark);
        assertEquals("one Data packet per rebuilt fragment", wanted.size(), sent.size());
        Map<String, Packet> kept = gateway.stored.get(FakeNetwork.supplier(EMPTIED));
        for (StoredData object : sent) {
            assertArrayEquals(object.name(), first.get(object.name()), object.data());
        }
        for (FragmentState fragment : wanted) {
            byte[] original = first.get(fragment.objectName());
            assertNotNull(fragment.ref().toString() + " was first delivered to position " + EMPTIED, original);
            assertTrue(fragment.ref().toString(), kept.containsKey(fragment.objectName()));
            assertArrayEquals(fragment.ref().toString() + " is rebuilt byte-exact", original,
                    StoredData.parse(kept.get(fragment.objectName()).payload()).data());
        }
    }

    private static void assertNoRebuildFailure(UpdateResult result) {
        assertTrue(result.toString(), result.problems().stream().noneMatch(problem -> problem.contains("good "
                + "fragments") || problem.contains("rebuilt fragment")));
    }

    /**
     * The update named each altered object a position served, with its supplier, and sent it there again: the
     * supplier keeps the original bytes once more.
     */
    private void assertNamedAndReplaced(UpdateResult result, int position, List<String> altered,
            Map<String, byte[]> originals, int mark) {
        List<String> named = result.problems().stream().filter(problem -> problem.endsWith(": sent again"))
                .toList();
        assertEquals(result.toString(), altered.size(), named.size());
        for (String problem : named) {
            assertTrue(problem, problem.startsWith("position " + position + " (" + FakeNetwork.supplier(position)
                    + ") served "));
        }
        assertEquals(new HashSet<>(altered), fragmentsSentTo(position, mark).stream().map(StoredData::name)
                .collect(Collectors.toSet()));
        Map<String, Packet> kept = gateway.stored.get(FakeNetwork.supplier(position));
        for (String name : altered) {
            assertArrayEquals(name + " holds its original bytes again", originals.get(name),
                    StoredData.parse(kept.get(name).payload()).data());
        }
    }
}
