package io.bitdust.pipeline.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.github.luben.zstd.Zstd;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.BlockCipher;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.pipeline.BufferCache;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSink;
import io.bitdust.pipeline.FragmentSource;
import io.bitdust.pipeline.ManifestSigner;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccCodec;
import io.bitdust.raid.EccMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.Test;

public class BlockCodingTest {
    private static final String BACKUP = "0/1/F1";
    private static final EccMap MAP = EccMap.parse("ecc/4x4");
    private static final int BLOCK = 64 * 1024;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = BlockCipher.newKey(random);
    private final Map<FragmentName, byte[]> stored = new HashMap<>();
    private final FragmentSource source = new StoredSource();
    /** How many fragments {@link StoredSource} handed out in place. */
    private final java.util.concurrent.atomic.AtomicInteger ranges = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    public void compressibleBlocksAreZstdFrames() {
        byte[] text = text(BLOCK);
        byte[] plaintext = BlockEncoder.compress(text, text.length, 1);
        assertEquals(VersionManifest.BLOCK_ZSTD, plaintext[0]);
        assertEquals(text.length, ByteBuffer.wrap(plaintext).getInt(1));
        assertTrue(plaintext.length < text.length / 4);
        byte[] back = new byte[text.length];
        assertEquals(text.length, Zstd.decompressByteArray(back, 0, back.length, plaintext, 5, plaintext.length - 5));
        assertArrayEquals(text, back);
    }

    @Test
    public void incompressibleBlocksAreStored() {
        byte[] data = new byte[BLOCK + 10];
        new Random(1).nextBytes(data);
        byte[] plaintext = BlockEncoder.compress(data, BLOCK, 1);
        assertEquals(VersionManifest.BLOCK_STORED, plaintext[0]);
        assertEquals(BLOCK, ByteBuffer.wrap(plaintext).getInt(1));
        assertArrayEquals(Arrays.copyOf(data, BLOCK), Arrays.copyOfRange(plaintext, 5, plaintext.length));
        byte[] empty = BlockEncoder.compress(data, 0, 1);
        assertEquals(VersionManifest.BLOCK_STORED, empty[0]);
        assertEquals(5, empty.length);
    }

    @Test
    public void aLargeBlockIsProbedAndStoredWhenItsSpreadSpansDoNotShrink() {
        int length = 2 * BlockEncoder.PROBE_FROM;
        byte[] data = new byte[length];
        Random noise = new Random(3);
        int spans = BlockEncoder.PROBE_SPANS;
        int span = BlockEncoder.PROBE_SPAN;
        for (int i = 0; i < spans; i++) {
            byte[] bytes = new byte[span];
            noise.nextBytes(bytes);
            System.arraycopy(bytes, 0, data, (int) ((long) i * (length - span) / (spans - 1)), span);
        }
        assertEquals("noise where the probe looks, zeros between: stored as it is, though zstd would shrink it",
                VersionManifest.BLOCK_STORED, BlockEncoder.compress(data, length, 1)[0]);
        assertTrue(Zstd.compress(data, 1).length < length / 2);
        assertEquals("below the probe's size, zstd decides on the whole block", VersionManifest.BLOCK_ZSTD,
                BlockEncoder.compress(data, BlockEncoder.PROBE_FROM - 1, 1)[0]);
    }

    @Test
    public void aLargeMostlyRandomBlockWithSomeTextIsCompressed() {
        int length = 4 * BlockEncoder.PROBE_FROM;
        byte[] data = new byte[length];
        new Random(4).nextBytes(data);
        byte[] text = text(length / 16);
        System.arraycopy(text, 0, data, length / 2, text.length);
        byte[] plaintext = BlockEncoder.compress(data, length, 1);
        assertEquals(VersionManifest.BLOCK_ZSTD, plaintext[0]);
        assertTrue(plaintext.length < length - text.length / 2);
        byte[] random = new byte[length];
        new Random(5).nextBytes(random);
        assertEquals(VersionManifest.BLOCK_STORED, BlockEncoder.compress(random, length, 1)[0]);
    }

    @Test
    public void blocksRoundTripWithErasures() {
        byte[] text = text(BLOCK);
        byte[] noise = new byte[BLOCK];
        new Random(2).nextBytes(noise);
        byte[] tail = Arrays.copyOf(text, 1000);
        store(0, text, BLOCK, false);
        store(1, noise, BLOCK, false);
        store(2, tail, tail.length, true);
        for (int position = 0; position < 4; position++) {
            stored.remove(new FragmentName(BACKUP, 1, position, position % 2 == 0));
        }
        BlockDecoder decoder = decoder(3);
        assertContent(text, decoder.decode(0));
        BlockDecoder.Block block = decoder.decode(1);
        assertContent(noise, block);
        assertEquals(5, block.offset());
        assertEquals(4, block.rejected().size());
        assertContent(tail, decoder.decode(2));
    }

    @Test
    public void shardsAreReadWhereTheyLieAndOnlyTheFragmentsNeededAreFetched() {
        byte[] noise = new byte[BLOCK];
        new Random(5).nextBytes(noise);
        store(0, noise, BLOCK, false);
        store(1, noise, BLOCK, true);
        stored.remove(new FragmentName(BACKUP, 1, 2, false));
        BlockDecoder decoder = decoder(2);

        BlockDecoder.Block whole = decoder.decode(0);
        assertContent(noise, whole);
        assertEquals("the 4 data fragments authenticate at once, read in place", 4, ranges.get());
        assertTrue(whole.rejected().isEmpty());
        BlockDecoder.Block decoded = decoder.decode(1);
        assertContent(noise, decoded);
        assertEquals("a missing data fragment costs one parity fragment", 4 + 5, ranges.get());
        assertEquals(1, decoded.rejected().size());
    }

    @Test
    public void theFragmentsABlockNeedsAreFetchedTogether() {
        byte[] text = text(BLOCK);
        store(0, text, BLOCK, true);
        stored.remove(new FragmentName(BACKUP, 0, 1, false));
        List<String> events = new ArrayList<>();
        FragmentSource recording = new StoredSource() {
            @Override
            public Fetch fetch(FragmentName name) {
                events.add("ask " + name.fileName());
                return () -> {
                    events.add("take " + name.fileName());
                    return fragment(name);
                };
            }
        };
        assertContent(text, decoder(1, recording).decode(0));
        assertEquals("the four data fragments asked at once, then the parity one that replaces the missing one",
                List.of("ask 0-0-Data", "ask 0-1-Data", "ask 0-2-Data", "ask 0-3-Data",
                        "take 0-0-Data", "take 0-1-Data", "take 0-2-Data", "take 0-3-Data",
                        "ask 0-0-Parity", "take 0-0-Parity"), events);
    }

    @Test
    public void fragmentsAlteredBeforeSigningAreFoundByTryingOtherSets() {
        byte[] noise = new byte[BLOCK];
        new Random(3).nextBytes(noise);
        store(0, noise, BLOCK, true);
        forge(0, 1, false);
        forge(0, 3, true);
        // the manifest's hashes cover the altered fragments: only GCM finds them, then the other sets are tried
        BlockDecoder.Block block = decoder(1).decode(0);
        assertContent(noise, block);
        assertEquals(List.of(1, 3), block.bad());
        assertEquals(2, block.rejected().size());
        assertTrue(block.rejected().toString(), block.rejected().get(0).reason().contains("fails authentication"));
    }

    @Test
    public void aBlockNoSetAuthenticatesFailsNamingTheSetsTried() {
        byte[] noise = new byte[BLOCK];
        new Random(4).nextBytes(noise);
        store(0, noise, BLOCK, true);
        for (int position = 0; position < 4; position++) {
            forge(0, position, false);
        }
        forge(0, 0, true);
        try {
            decoder(1).decode(0);
            fail("decoded a block with 5 of 8 fragments altered");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("block 0 of " + BACKUP + " failed authentication "
                    + "with each of the " + BlockDecoder.MAX_SETS + " sets of 4 good fragments tried: "
                    + "[0-Data 1-Data 2-Data 3-Data], [0-Data 1-Data 2-Data 0-Parity]"));
        }
    }

    @Test
    public void pooledBlocksGoBackOnceCompressed() {
        BufferPool pool = new BufferPool(BLOCK, 2);
        BlockEncoder encoder = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, random, 1, pool, 2);
        byte[] block = pool.take();
        byte[] text = text(BLOCK);
        System.arraycopy(text, 0, block, 0, BLOCK);
        for (BlockEncoder.Fragment fragment : encoder.encode(0, block, BLOCK, true)) {
            stored.put(fragment.name(), fragment.bytes());
        }
        assertTrue(block == pool.take());
        Arrays.fill(block, (byte) 0);
        assertContent(text, decoder(1).decode(0));
    }

    /**
     * With a sink's room around each file, the files are those written without it, at the room's offset, with their
     * hashes; the room is left to the sink (not written), in new buffers and in buffers used again alike.
     */
    @Test
    public void fragmentFilesWithRoomAroundThemAreTheFilesWithout() throws Exception {
        FragmentSink.Room room = new FragmentSink.Room(12, 70);
        BlockEncoder roomy = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, seeded(), 1,
                new BufferPool(BLOCK, 2), 1, room);
        BlockEncoder plain = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, seeded(), 1, null, 1);
        for (int block = 0; block < 2; block++) {
            byte[] data = block == 0 ? text(BLOCK) : text(BLOCK - 999);
            BlockEncoder.Fragment[] with = roomy.encode(block, data.clone(), data.length, block == 1);
            BlockEncoder.Fragment[] without = plain.encode(block, data.clone(), data.length, block == 1);
            for (int i = 0; i < with.length; i++) {
                assertEquals(room.before(), with[i].offset());
                assertTrue(with[i].file().length >= room.before() + with[i].length() + room.after());
                assertArrayEquals("fragment " + i + " of block " + block, without[i].bytes(), with[i].bytes());
                assertArrayEquals(without[i].sha256(), with[i].sha256());
                FragmentFile.read(with[i].bytes());
                if (block == 0) {
                    java.util.Arrays.fill(with[i].file(), 0, room.before(), (byte) 7);
                    roomy.reuse(with[i]);
                } else {
                    assertEquals("the room before the file is the sink's", 7, with[i].file()[room.before() - 1]);
                }
            }
        }
    }

    @Test
    public void fragmentBuffersUsedAgainGiveTheFragmentsNewOnesGive() throws Exception {
        byte[] first = new byte[BLOCK];
        new Random(2).nextBytes(first);
        byte[] second = text(BLOCK - 1001);
        BlockEncoder reusing = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, seeded(), 1,
                new BufferPool(BLOCK, 2), 1);
        BlockEncoder fresh = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, seeded(), 1, null, 1);

        BlockEncoder.Fragment[] stored = reusing.encode(0, first, BLOCK, false);
        BlockEncoder.Fragment[] expected = fresh.encode(0, first, BLOCK, false);
        java.util.Set<byte[]> buffers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < stored.length; i++) {
            assertArrayEquals(expected[i].bytes(), stored[i].bytes());
            buffers.add(stored[i].file());
            reusing.reuse(stored[i]);
        }
        BlockEncoder.Fragment[] again = reusing.encode(1, second, second.length, true);
        BlockEncoder.Fragment[] fromNew = fresh.encode(1, second, second.length, true);

        for (int i = 0; i < again.length; i++) {
            assertTrue("fragment " + i + " is written into a buffer of block 0", buffers.contains(again[i].file()));
            assertTrue(again[i].length() < again[i].file().length);
            assertArrayEquals("fragment " + i + ", padding included", fromNew[i].bytes(), again[i].bytes());
            assertArrayEquals(fromNew[i].sha256(), again[i].sha256());
            this.stored.put(again[i].name(), again[i].bytes());
        }
        assertContent(second, decoder(2).decode(1));
    }

    /**
     * Encoders sharing a cache (the backups of a node, one after the other) take the arrays an earlier one gave back,
     * its compressed-block and fragment buffers included, although their backup IDs differ in length.
     */
    @Test
    public void aLaterEncoderSharingTheCacheTakesTheArraysAnEarlierOneGaveBack() throws Exception {
        BufferCache cache = new BufferCache();
        BlockEncoder first = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, seeded(), 1,
                new BufferPool(cache, BLOCK, 2), 1);
        byte[] text = text(BLOCK);
        java.util.Set<byte[]> buffers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (BlockEncoder.Fragment fragment : first.encode(0, text.clone(), BLOCK, true)) {
            buffers.add(fragment.file());
            first.reuse(fragment);
        }
        long allocated = cache.allocatedBytes();
        assertTrue(allocated > 8 * (long) BLOCK / MAP.dataShards());

        String longer = "0/0/12/7/F20161231235959PM";
        BlockEncoder second = new BlockEncoder(EccCodec.create(MAP), longer, key, seeded(), 1,
                new BufferPool(cache, BLOCK, 2), 1);
        BlockEncoder.Fragment[] fragments = second.encode(0, text.clone(), BLOCK, true);
        assertEquals("nothing allocated for the second encoder's block", allocated, cache.allocatedBytes());
        for (BlockEncoder.Fragment fragment : fragments) {
            assertTrue(fragment.name() + " is in a buffer of the first encoder", buffers.contains(fragment.file()));
        }
    }

    /** @return a random source that gives the same bytes every time, so that two encoders encrypt alike */
    private static SecureRandom seeded() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(42);
        return seeded;
    }

    @Test
    public void aShortBlockBeforeTheLastIsRefused() {
        byte[] text = text(BLOCK - 1);
        store(0, text, text.length, false);
        assertInconsistent(() -> decoder(2).decode(0), "block 0 of " + BACKUP + " is inconsistent: it holds "
                + (BLOCK - 1) + " bytes, the block size is " + BLOCK);
    }

    @Test
    public void aBlockLargerThanTheBlockSizeIsRefused() {
        byte[] text = text(BLOCK + 1);
        store(0, text, text.length, true);
        assertInconsistent(() -> decoder(1).decode(0), "it holds " + (BLOCK + 1) + " bytes");
    }

    @Test
    public void releasedBlocksLendTheirArraysToTheNextOnes() {
        byte[] first = text(BLOCK);
        byte[] second = Arrays.copyOf(text(2 * BLOCK), BLOCK);
        Arrays.fill(second, 0, 100, (byte) '#');
        store(0, first, BLOCK, false);
        store(1, second, BLOCK, false);
        store(2, first, 10, true);
        BlockDecoder decoder = decoder(3);
        BlockDecoder.Block one = decoder.decode(0);
        assertContent(first, one);
        one.release().run();
        BlockDecoder.Block two = decoder.decode(1);
        assertTrue("the released array is reused", one.data() == two.data());
        assertContent(second, two);
        BlockDecoder.Block three = decoder.decode(2);
        assertTrue("an array still in use is not lent", three.data() != two.data());
        assertContent(Arrays.copyOf(first, 10), three);
    }

    @Test
    public void fragmentsAnnouncingMoreThanABlockCanHoldAreRefused() {
        int announced = BLOCK + 10_000;
        for (int position = 0; position < MAP.dataShards(); position++) {
            FragmentFile header = new FragmentFile(new FragmentName(BACKUP, 0, position, false), MAP, true,
                    announced);
            byte[] file = new byte[header.fileLength()];
            header.seal(file);
            stored.put(header.name(), file);
        }
        assertInconsistent(() -> decoder(1).decode(0), "its fragments announce " + announced + " encrypted bytes");
    }

    /**
     * The fragments in {@link #stored}; no manifest. Fetched, each lies in a larger array at an offset of its own, as
     * in the answer a supplier sends, so that every decoding here reads shards in place.
     */
    private class StoredSource implements FragmentSource {
        @Override
        public Optional<byte[]> manifest(String backupId) {
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> fragment(FragmentName name) {
            return Optional.ofNullable(stored.get(name));
        }

        @Override
        public Fetch fetch(FragmentName name) {
            return new Fetch() {
                @Override
                public Optional<byte[]> get() {
                    return fragment(name);
                }

                @Override
                public Optional<ByteRange> range() {
                    ranges.incrementAndGet();
                    return fragment(name).map(file -> {
                        int at = 7 + 3 * name.position() + (name.parity() ? 1 : 0);
                        byte[] answer = new byte[at + file.length + 5];
                        Arrays.fill(answer, (byte) 0x33);
                        System.arraycopy(file, 0, answer, at, file.length);
                        return new ByteRange(answer, at, file.length);
                    });
                }
            };
        }
    }

    private void store(long block, byte[] data, int length, boolean last) {
        BlockEncoder encoder = new BlockEncoder(EccCodec.create(MAP), BACKUP, key, random, 1, null, 2);
        for (BlockEncoder.Fragment fragment : encoder.encode(block, data, length, last)) {
            stored.put(fragment.name(), fragment.bytes());
        }
    }

    /** A decoder whose signed manifest holds the hashes of the fragments stored now (zeros for missing ones). */
    private BlockDecoder decoder(long blocks) {
        return decoder(blocks, source);
    }

    private BlockDecoder decoder(long blocks, FragmentSource source) {
        int total = MAP.totalShards();
        byte[] hashes = new byte[(int) blocks * total * Hashes.SHA256_LENGTH];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < total; i++) {
                byte[] file = stored.get(new FragmentName(BACKUP, b, i % MAP.dataShards(), i >= MAP.dataShards()));
                if (file != null) {
                    System.arraycopy(Hashes.sha256(file), 0, hashes, (b * total + i) * Hashes.SHA256_LENGTH,
                            Hashes.SHA256_LENGTH);
                }
            }
        }
        VersionManifest manifest = VersionManifest.sign(BACKUP, MAP, BLOCK, blocks, 0, new byte[] {1}, hashes,
                ManifestSigner.of(SigningKeyPair.generate(random)));
        return new BlockDecoder(manifest, EccCodec.create(MAP), key, source, 2);
    }

    /** Flips a byte in a fragment's shard: its header is still sound, only authentication can tell. */
    private void forge(long block, int position, boolean parity) {
        FragmentName name = new FragmentName(BACKUP, block, position, parity);
        byte[] file = stored.get(name);
        FragmentFile header = FragmentFile.read(file);
        file[header.shardOffset() + 7] ^= 0x20;
    }

    private static void assertContent(byte[] expected, BlockDecoder.Block block) {
        assertArrayEquals(expected, Arrays.copyOfRange(block.data(), block.offset(), block.offset() + block.length()));
    }

    private static void assertInconsistent(Runnable decode, String message) {
        try {
            decode.run();
            fail("decoded an inconsistent block");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    private static byte[] text(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < length; i++) {
            text.append("line ").append(i).append(" of a compressible text\n");
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }
}
