package io.bitdust.pipeline;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.raid.EccMap;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PipelineTest {
    private static final String BACKUP = "0/0/1/0/F20160313043757PM";
    private static final int BLOCK = 16 * 1024;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();
    private ExecutorService workers;
    private KeyRing keys;
    private LocalFragmentFolder fragments;

    @Before
    public void setUp() throws IOException {
        workers = Executors.newFixedThreadPool(2);
        keys = new FileKeyRing(temp.newFolder("keys").toPath(), random);
        keys.create();
        fragments = new LocalFragmentFolder(temp.getRoot().toPath().resolve("fragments"));
    }

    @After
    public void tearDown() {
        workers.shutdownNow();
    }

    @Test
    public void awkwardTreeRoundTrips() throws IOException {
        Path source = awkwardTree(temp.newFolder("src").toPath().resolve("my folder"));
        List<long[]> progress = new ArrayList<>();
        VersionManifest manifest = pack(source, "ecc/4x4", (bytes, blocks) -> progress.add(new long[] {bytes, blocks}));
        assertTrue(manifest.blockCount() > 20);
        assertEquals(manifest.blockCount(), progress.size());
        assertEquals(manifest.blockCount(), progress.get(progress.size() - 1)[1]);
        assertEquals(manifest.sourceBytes(), progress.get(progress.size() - 1)[0]);

        Path destination = temp.getRoot().toPath().resolve("restored");
        RestoreResult result = unpack(destination);
        assertEquals(manifest.blockCount(), result.blocks());
        assertEquals(List.of(), result.rejectedFragments());
        assertEquals(List.of("my folder/links/absolute -> /etc/passwd"), result.skippedLinks());
        FileTime linksModified = Files.getLastModifiedTime(source.resolve("links"));
        Files.delete(source.resolve("links/absolute"));
        Files.setLastModifiedTime(source.resolve("links"), linksModified);
        Trees.assertSame(source.getParent(), destination);
    }

    /**
     * The backups of a node share one cache, and so do its restores: a later job takes the arrays an earlier one gave
     * back (blocks, compressed blocks, fragment files; plaintexts and blocks) instead of allocating its own. On
     * the calling thread, so that both jobs need the same arrays at the same moments.
     */
    @Test
    public void laterBackupsAndRestoresTakeTheArraysOfEarlierOnes() throws IOException {
        Path source = temp.newFolder("src").toPath();
        Files.write(source.resolve("random.bin"), randomBytes(5 * BLOCK, 3));
        Files.write(source.resolve("text.txt"), String.join("\n", Collections.nCopies(BLOCK, "some text"))
                .getBytes(StandardCharsets.UTF_8));
        Executor inline = Runnable::run;
        PackSettings settings = new PackSettings(EccMap.parse("ecc/2x2"), BLOCK, 1, 3);
        BufferCache packing = new BufferCache();
        String later = "0/0/12/0/F20160313043758PM";
        VersionManifest manifest = new Packer(settings, inline, random, packing).pack(source, BACKUP, keys, fragments,
                ProgressListener.NONE);
        long first = packing.allocatedBytes();
        assertTrue(manifest.blockCount() > 5);
        assertTrue("the blocks and fragment files came from the cache", first > 2L * BLOCK);
        new Packer(settings, inline, random, packing).pack(source, later, keys, fragments, ProgressListener.NONE);
        assertEquals("the second backup allocated nothing", first, packing.allocatedBytes());

        BufferCache unpacking = new BufferCache();
        Unpacker unpacker = new Unpacker(inline, 3, unpacking);
        Path restored = temp.getRoot().toPath().resolve("restored");
        Path again = temp.getRoot().toPath().resolve("again");
        unpacker.unpack(BACKUP, fragments, keys, keys.signingPublicKey(), restored, ExistingFilePolicy.FAIL_IF_EXISTS,
                ProgressListener.NONE);
        long firstRestore = unpacking.allocatedBytes();
        assertTrue("the plaintexts and blocks came from the cache", firstRestore > 2L * BLOCK);
        unpacker.unpack(later, fragments, keys, keys.signingPublicKey(), again, ExistingFilePolicy.FAIL_IF_EXISTS,
                ProgressListener.NONE);
        assertEquals("the second restore allocated nothing", firstRestore, unpacking.allocatedBytes());
        Trees.assertSame(source, restored.resolve(source.getFileName()));
        Trees.assertSame(source, again.resolve(source.getFileName()));
    }

    @Test
    public void aFileModifiedWhileItIsPackedIsNamedByTheRestore() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("docs");
        Files.createDirectories(source);
        Path file = source.resolve("busy.bin");
        byte[] content = new byte[4 << 20];
        new Random(5).nextBytes(content);
        Files.write(file, content);
        Files.write(source.resolve("quiet.txt"), "quiet".getBytes(StandardCharsets.UTF_8));
        List<String> reported = new ArrayList<>();
        pack(source, "ecc/2x2", new ProgressListener() {
            @Override
            public void progress(long bytes, long blocks) {
                if (blocks == 1) {
                    try {
                        // the reader is at most a few blocks ahead of the workers: the file is still being read
                        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file)
                                .toMillis() + 5000));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void fileChanged(String entry, String what) {
                reported.add(entry + ": " + what);
            }
        });

        RestoreResult result = unpack(temp.getRoot().toPath().resolve("restored"));

        assertEquals(List.of("docs/busy.bin: was modified while it was read: it may mix old and new content"),
                reported);
        assertEquals(reported, result.changedFiles());
        assertEquals("the folder and its two files", 3, result.entries());
    }

    @Test
    public void emptyFileRoundTrips() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("empty");
        Files.createFile(source);
        assertEquals(1, pack(source, "ecc/2x2", ProgressListener.NONE).blockCount());
        Path destination = temp.getRoot().toPath().resolve("restored");
        unpack(destination);
        Trees.assertSame(source.getParent(), destination);
    }

    @Test
    public void everyEccMapRoundTripsWithNErasuresPerBlock() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK + 123, 7));
        Random choice = new Random(11);
        for (EccMap map : EccMap.all()) {
            String backupId = "0/" + map.dataShards() + "/F1";
            VersionManifest manifest = new Packer(new PackSettings(map, BLOCK, 3, 3), workers, random)
                    .pack(source, backupId, keys, fragments, ProgressListener.NONE);
            int erased = 0;
            for (long block = 0; block < manifest.blockCount(); block++) {
                erased += erase(backupId, map, block, map.dataShards(), choice);
            }
            Path destination = temp.getRoot().toPath().resolve("restored-" + map.dataShards());
            RestoreResult result = new Unpacker(workers, 2).unpack(backupId, fragments, keys,
                    keys.signingPublicKey(), destination, ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
            assertTrue(map + " " + result.rejectedFragments(), result.rejectedFragments().size() >= erased / 2);
            Trees.assertSame(source.getParent(), destination);
        }
    }

    @Test
    public void tooManyErasuresFailNamingBlockAndPositions() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(5 * BLOCK, 3));
        pack(source, "ecc/4x4", ProgressListener.NONE);
        for (String name : new String[] {"2-0-Data", "2-1-Parity", "2-2-Data", "2-3-Data", "2-3-Parity"}) {
            Files.delete(fragments.file(FragmentName.parse(BACKUP + "/" + name)));
        }
        Path destination = temp.getRoot().toPath().resolve("restored");
        try {
            unpack(destination);
            fail("restored with 5 of 8 fragments gone");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("block 2 of " + BACKUP + " cannot be restored"));
            for (String name : new String[] {"2-0-Data (missing)", "2-2-Data", "2-3-Data", "2-1-Parity",
                    "2-3-Parity"}) {
                assertTrue(e.getMessage(), e.getMessage().contains(name));
            }
        }
        assertNothingRestored(destination);
    }

    @Test
    public void damagedAndForeignFragmentsAreErasuresAndReported() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(4 * BLOCK, 5));
        pack(source, "ecc/4x4", ProgressListener.NONE);
        Path flipped = fragments.file(FragmentName.parse(BACKUP + "/0-1-Data"));
        byte[] bytes = Files.readAllBytes(flipped);
        bytes[bytes.length / 2] ^= 4;
        Files.write(flipped, bytes);
        Path truncated = fragments.file(FragmentName.parse(BACKUP + "/1-2-Data"));
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(whole, 100));
        Files.copy(fragments.file(FragmentName.parse(BACKUP + "/3-0-Data")),
                fragments.file(FragmentName.parse(BACKUP + "/2-0-Data")), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(fragments.file(FragmentName.parse(BACKUP + "/2-3-Data")), "garbage");

        List<String> reported = new ArrayList<>();
        Path destination = temp.getRoot().toPath().resolve("restored");
        RestoreResult result = new Unpacker(workers, 2).unpack(BACKUP, fragments, keys, keys.signingPublicKey(),
                destination, ExistingFilePolicy.FAIL_IF_EXISTS, reporting(reported));
        Trees.assertSame(source.getParent(), destination);
        assertEquals(List.of("0-1-Data: SHA-256 differs from the one in the signed manifest",
                "1-2-Data: truncated or extended: 100 bytes, the header says " + whole.length,
                "2-0-Data: foreign: it is " + BACKUP + "/3-0-Data", "2-3-Data: not a fragment file"),
                reported);
        assertEquals(4, result.rejectedFragments().size());
        assertEquals(Map.of(0L, List.of(1), 1L, List.of(2), 2L, List.of(0, 3)), result.badPositions());
    }

    @Test
    public void blocksAreCompressedEachOnItsOwnOrStored() throws IOException {
        Path root = temp.newFolder("src").toPath().resolve("mixed");
        Files.createDirectories(root);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 20 * BLOCK; i++) {
            text.append("line ").append(i).append(" of very compressible text\n");
        }
        Files.writeString(root.resolve("a text.txt"), text);
        Files.write(root.resolve("b random.bin"), randomBytes(20 * BLOCK, 8));
        VersionManifest manifest = pack(root, "ecc/2x2", ProgressListener.NONE);
        assertEquals(VersionManifest.VERSION, manifest.toBytes()[4]);
        assertEquals(BLOCK, manifest.blockSize());
        assertTrue(manifest.toString(), manifest.blockCount() >= 40);
        long[] dataBytes = new long[(int) manifest.blockCount()];
        for (long block = 0; block < manifest.blockCount(); block++) {
            byte[] file = Files.readAllBytes(fragments.file(new FragmentName(BACKUP, block, 0, false)));
            assertEquals(FragmentFile.VERSION, file[4]);
            dataBytes[(int) block] = FragmentFile.read(file).blockLength();
        }
        // the text blocks shrink a lot; the random ones are stored: the block plus a small overhead
        long small = Arrays.stream(dataBytes).filter(length -> length < BLOCK / 4).count();
        long stored = Arrays.stream(dataBytes).filter(length -> length > BLOCK && length < BLOCK + 100).count();
        assertTrue(Arrays.toString(dataBytes), small >= 18 && stored >= 18);
        Path destination = temp.getRoot().toPath().resolve("restored");
        unpack(destination);
        Trees.assertSame(root.getParent(), destination);
    }

    @Test
    public void manifestOfAnotherFormatVersionIsRefused() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK, 4));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        Path file = fragments.file(new FragmentName(BACKUP, 0, 0, false)).resolveSibling(LocalFragmentFolder.MANIFEST);
        byte[] manifest = Files.readAllBytes(file);
        manifest[4] = 1;
        Files.write(file, manifest);
        Path destination = temp.getRoot().toPath().resolve("restored");
        try {
            unpack(destination);
            fail("restored under format version 1");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals("backup " + BACKUP + " refused: unknown version manifest format 1 or compression 1",
                    e.getMessage());
        }
        assertFalse(Files.exists(destination));
    }

    @Test
    public void wrongKeyIsRefused() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(BLOCK, 1));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        KeyRing stranger = new FileKeyRing(temp.newFolder("stranger").toPath(), random);
        stranger.create();
        Path destination = temp.getRoot().toPath().resolve("restored");
        try {
            new Unpacker(workers, 2).unpack(BACKUP, fragments, stranger, keys.signingPublicKey(), destination,
                    ExistingFilePolicy.OVERWRITE, ProgressListener.NONE);
            fail("restored with another key");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("sealed to another key"));
        }
        assertFalse(Files.exists(destination));
    }

    @Test
    public void aFragmentAlteredWithItsCrcRecomputedIsAnErasureNamedInTheResult() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK, 9));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        forge(FragmentName.parse(BACKUP + "/1-0-Data"));
        List<String> reported = new ArrayList<>();
        Path destination = temp.getRoot().toPath().resolve("restored");
        RestoreResult result = new Unpacker(workers, 3).unpack(BACKUP, fragments, keys, keys.signingPublicKey(),
                destination, ExistingFilePolicy.FAIL_IF_EXISTS, reporting(reported));
        Trees.assertSame(source.getParent(), destination);
        assertEquals(List.of("1-0-Data: SHA-256 differs from the one in the signed manifest"), reported);
        assertEquals(Map.of(1L, List.of(0)), result.badPositions());
    }

    @Test
    public void tooManyAlteredFragmentsFailNamingTheBlock() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK, 9));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        for (String name : new String[] {"1-0-Data", "1-1-Data", "1-0-Parity"}) {
            forge(FragmentName.parse(BACKUP + "/" + name));
        }
        Path destination = temp.getRoot().toPath().resolve("restored");
        try {
            unpack(destination);
            fail("restored with 3 of 4 fragments altered");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("block 1 of " + BACKUP + " cannot be restored"));
            assertTrue(e.getMessage(), e.getMessage().contains("1-0-Parity (SHA-256 differs from the one in the "
                    + "signed manifest)"));
        }
        assertNothingRestored(destination);
    }

    @Test
    public void aVersionPackedByAnotherNodeWithMyPublicKeyIsRefused() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK, 6));
        KeyRing other = new FileKeyRing(temp.newFolder("other").toPath(), random);
        other.create();
        new Packer(new PackSettings(EccMap.parse("ecc/2x2"), BLOCK, 1, 3), workers, random)
                .pack(source, BACKUP, keys.agreementPublicKey(), ManifestSigner.of(other), fragments,
                        ProgressListener.NONE);
        Path destination = temp.getRoot().toPath().resolve("restored");
        assertRefused(destination, "backup " + BACKUP + " refused: version manifest is signed by another owner: "
                + other.signingPublicKey() + ", expected " + keys.signingPublicKey());
        assertFalse(Files.exists(destination));
        // it would decrypt: only the signature keeps it out
        new Unpacker(workers, 3).unpack(BACKUP, fragments, keys, other.signingPublicKey(), destination,
                ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
        Trees.assertSame(source.getParent(), destination);
    }

    @Test
    public void aManifestSignedByAnotherKeyInMyNameIsRefused() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(BLOCK, 6));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        byte[] manifest = Files.readAllBytes(manifestFile());
        int body = manifest.length - Signatures.LENGTH;
        byte[] signed = Arrays.copyOf(VersionManifest.SIGNING_LABEL.getBytes(StandardCharsets.US_ASCII),
                VersionManifest.SIGNING_LABEL.length() + body);
        System.arraycopy(manifest, 0, signed, VersionManifest.SIGNING_LABEL.length(), body);
        SigningKeyPair other = SigningKeyPair.generate(random);
        System.arraycopy(Signatures.sign(other, signed), 0, manifest, body, Signatures.LENGTH);
        Files.write(manifestFile(), manifest);
        assertRefused(temp.getRoot().toPath().resolve("restored"), "backup " + BACKUP
                + " refused: version manifest has a bad signature: altered, or not made by " + keys.signingPublicKey());
    }

    @Test
    public void aTamperedManifestIsRefused() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK, 6));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        byte[] genuine = Files.readAllBytes(manifestFile());
        // source bytes, the last byte of the last fragment hash, the signature
        for (int at : new int[] {27, genuine.length - Signatures.LENGTH - 1, genuine.length - 1}) {
            byte[] manifest = genuine.clone();
            manifest[at] ^= 1;
            Files.write(manifestFile(), manifest);
            assertRefused(temp.getRoot().toPath().resolve("restored"), "backup " + BACKUP
                    + " refused: version manifest has a bad signature: altered, or not made by "
                    + keys.signingPublicKey());
        }
        Files.write(manifestFile(), Arrays.copyOf(genuine, genuine.length - 1));
        assertRefused(temp.getRoot().toPath().resolve("restored"), "backup " + BACKUP
                + " refused: version manifest is truncated or extended");
    }

    @Test
    public void anUnsignedManifestIsRefused() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(BLOCK, 6));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        // format 2: the same fields up to the sealed key, then an unkeyed SHA-256, no signature
        VersionManifest signed = VersionManifest.parse(Files.readAllBytes(manifestFile()), keys.signingPublicKey());
        byte[] id = BACKUP.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = signed.sealedKey();
        ByteBuffer unsigned = ByteBuffer.allocate(4 + 2 + 2 + 4 + 8 + 8 + 2 + id.length + 2 + sealed.length + 32);
        unsigned.put("BDVM".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 1).putShort((short) 2)
                .putInt(BLOCK).putLong(signed.blockCount()).putLong(signed.sourceBytes()).putShort((short) id.length)
                .put(id).putShort((short) sealed.length).put(sealed);
        unsigned.put(Hashes.newSha256().update(unsigned.array(), 0, unsigned.position()).digest());
        Files.write(manifestFile(), unsigned.array());
        assertRefused(temp.getRoot().toPath().resolve("restored"), "backup " + BACKUP
                + " refused: unsigned version manifest (format 2) refused");
    }

    @Test
    public void aBackupIdIsNotReusedForOtherCiphertext() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(2 * BLOCK, 6));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        byte[] before = Files.readAllBytes(fragments.file(FragmentName.parse(BACKUP + "/0-0-Data")));
        try {
            pack(source, "ecc/2x2", ProgressListener.NONE);
            fail("packed a complete version again");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("a backup ID is never reused"));
        }
        assertArrayEquals(before, Files.readAllBytes(fragments.file(FragmentName.parse(BACKUP + "/0-0-Data"))));
        unpack(temp.getRoot().toPath().resolve("restored"));
        Trees.assertSame(source.getParent(), temp.getRoot().toPath().resolve("restored"));
    }

    @Test
    public void missingManifestIsNotFound() {
        try {
            unpack(temp.getRoot().toPath().resolve("restored"));
            fail("restored nothing");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.NOT_FOUND, e.code());
        }
    }

    @Test
    public void failingSinkFailsTheBackup() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(20 * BLOCK, 2));
        FragmentSink broken = new FragmentSink() {
            @Override
            public void put(FragmentName name, byte[] fragment) throws IOException {
                if (name.block() == 3) {
                    throw new IOException("disk full");
                }
            }

            @Override
            public void putManifest(String backupId, byte[] manifest) {
                fail("manifest of a failed backup");
            }
        };
        try {
            new Packer(new PackSettings(EccMap.parse("ecc/2x2"), BLOCK, 1, 2), workers, random)
                    .pack(source, BACKUP, keys, broken, ProgressListener.NONE);
            fail("backup succeeded without its fragments");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("3-0-Data: disk full"));
        }
    }

    @Test
    public void aFragmentThatComesWithItsSha256IsJudgedByItWithoutBeingHashedAgain() throws IOException {
        Path source = temp.newFolder("src").toPath().resolve("data");
        Files.write(source, randomBytes(3 * BLOCK, 10));
        pack(source, "ecc/2x2", ProgressListener.NONE);
        FragmentName misjudged = FragmentName.parse(BACKUP + "/1-0-Data");
        FragmentSource hashedOnArrival = new FragmentSource() {
            @Override
            public Optional<byte[]> manifest(String backupId) throws IOException {
                return fragments.manifest(backupId);
            }

            @Override
            public Optional<byte[]> fragment(FragmentName name) throws IOException {
                return fragments.fragment(name);
            }

            @Override
            public Fetch fetch(FragmentName name) {
                return new Fetch() {
                    @Override
                    public Optional<byte[]> get() throws IOException {
                        return fragment(name);
                    }

                    @Override
                    public Optional<ByteRange> range() throws IOException {
                        return get().map(file -> ByteRange.of(file).withSha256(name.equals(misjudged)
                                ? new byte[32] : Hashes.sha256(file)));
                    }
                };
            }
        };
        List<String> reported = new ArrayList<>();
        Path destination = temp.getRoot().toPath().resolve("restored");
        new Unpacker(workers, 3).unpack(BACKUP, hashedOnArrival, keys, keys.signingPublicKey(), destination,
                ExistingFilePolicy.FAIL_IF_EXISTS, reporting(reported));
        Trees.assertSame(source.getParent(), destination);
        assertEquals("the intact fragment whose carried hash is wrong is an erasure",
                List.of("1-0-Data: SHA-256 differs from the one in the signed manifest"), reported);
    }

    /** @return a listener that adds each rejected fragment to {@code reported} as "name: reason" */
    private static ProgressListener reporting(List<String> reported) {
        return new ProgressListener() {
            @Override
            public void progress(long bytes, long blocks) {
            }

            @Override
            public void fragmentRejected(FragmentName name, String reason) {
                reported.add(name.fileName() + ": " + reason);
            }
        };
    }

    private VersionManifest pack(Path source, String map, ProgressListener listener) {
        return new Packer(new PackSettings(EccMap.parse(map), BLOCK, 1, 3), workers, random)
                .pack(source, BACKUP, keys, fragments, listener);
    }

    private RestoreResult unpack(Path destination) {
        return new Unpacker(workers, 3).unpack(BACKUP, fragments, keys, keys.signingPublicKey(), destination,
                ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
    }

    private void assertRefused(Path destination, String message) {
        try {
            unpack(destination);
            fail("restored an unauthenticated version");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
        }
        assertFalse(Files.exists(destination));
    }

    private Path manifestFile() {
        return fragments.file(new FragmentName(BACKUP, 0, 0, false)).resolveSibling(LocalFragmentFolder.MANIFEST);
    }

    /** Flips a byte in a fragment's shard, its header left valid, as a supplier altering it on purpose would. */
    private void forge(FragmentName name) throws IOException {
        byte[] file = Files.readAllBytes(fragments.file(name));
        FragmentFile header = FragmentFile.read(file);
        file[header.shardOffset() + 40] ^= 1;
        Files.write(fragments.file(name), file);
    }

    private int erase(String backupId, EccMap map, long block, int count, Random choice) throws IOException {
        List<FragmentName> names = new ArrayList<>();
        for (int i = 0; i < map.totalShards(); i++) {
            names.add(new FragmentName(backupId, block, i % map.dataShards(), i >= map.dataShards()));
        }
        Collections.shuffle(names, choice);
        for (FragmentName name : names.subList(0, count)) {
            Files.delete(fragments.file(name));
        }
        return count;
    }

    private static void assertNothingRestored(Path destination) throws IOException {
        try (Stream<Path> list = Files.list(destination)) {
            assertEquals(0, list.count());
        }
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Path awkwardTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("empty folder"));
        Files.createFile(root.resolve("empty file"));
        Files.writeString(root.resolve("ünïcödé ✓ 名前 spaces .txt"), "héllo wörld\n");
        Path deep = root;
        for (int i = 0; i < 40; i++) {
            deep = deep.resolve("level " + i + " with a rather long name to pass 100 bytes");
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("bottom"), "deep");
        Files.write(root.resolve("big.bin"), randomBytes(30 * BLOCK + 17, 42));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append(" of compressible text\n");
        }
        Files.writeString(root.resolve("text.txt"), text);
        try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("sparse").toFile(), "rw")) {
            sparse.setLength(10L * BLOCK);
            sparse.seek(5L * BLOCK);
            sparse.write("middle".getBytes(StandardCharsets.UTF_8));
        }
        Path links = Files.createDirectories(root.resolve("links"));
        Files.createSymbolicLink(links.resolve("to big"), Paths.get("../big.bin"));
        Files.createSymbolicLink(links.resolve("dangling"), Paths.get("nowhere"));
        Files.createSymbolicLink(links.resolve("absolute"), Paths.get("/etc/passwd"));
        Path script = root.resolve("script.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(root.resolve("text.txt"), FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(root.resolve("empty folder"), FileTime.fromMillis(1_200_000_000_000L));
        return root;
    }
}
