package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import org.junit.BeforeClass;
import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Feeds the codec seeded random bytes and mutations of valid packets: decoding must return a packet or throw a
 * {@link PacketException}, allocate no more than the input (byte arrays) or the payload limit (streams) plus
 * {@value #SLACK} bytes for fields and messages, and anything that decodes differently from an original must fail
 * to verify.
 */
public class PacketFuzzTest {
    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final long SLACK = 32 * 1024;
    private static final int RUNS = 20_000;
    private static final long[] PAYLOAD_LENGTH_EXTREMES = {0, 1, MAX_PAYLOAD, MAX_PAYLOAD + 1, 0x7fffffffL,
        0x80000000L, 0xffffffffL};
    private static final int[] SHORT_LENGTH_EXTREMES = {0, 1, 128, 129, 256, 257, 0x7fff, 0xffff};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final PacketCodec codec = new PacketCodec(MAX_PAYLOAD);
    private final Random random = new Random(0xB17D057L);
    private final List<Packet> packets = new ArrayList<>();
    private final List<byte[]> originals = new ArrayList<>();

    @BeforeClass
    public static void allocationIsMeasurable() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
    }

    public PacketFuzzTest() {
        int[] payloadLengths = {0, 1, 17, 64, 300, 1000, 2000, 60_000};
        for (int i = 0; i < payloadLengths.length; i++) {
            Command command = Command.values()[i % Command.values().length];
            Packet packet = Packets.aliceToBob(command, "fuzz-" + i, Packets.bytes(payloadLengths[i], i));
            packets.add(packet);
            originals.add(codec.encode(packet));
        }
        for (byte[] original : originals) {
            check(original);
            check(Arrays.copyOf(original, original.length / 2));
        }
    }

    @Test
    public void randomBytesDecodeOrAreRefusedAndNeverVerify() {
        for (int run = 0; run < RUNS; run++) {
            byte[] input;
            switch (run % 3) {
                case 0:
                    input = randomBytes(random.nextInt(600));
                    break;
                case 1:
                    input = concat(PacketFormat.MAGIC, new byte[] {1, (byte) (1 + random.nextInt(12))},
                            randomBytes(random.nextInt(600)));
                    break;
                default:
                    byte[] original = pickOriginal();
                    input = concat(Arrays.copyOf(original, random.nextInt(original.length)),
                            randomBytes(random.nextInt(300)));
                    break;
            }
            check(input);
        }
    }

    @Test
    public void mutationsOfValidPacketsDecodeOrAreRefusedAndNeverVerify() {
        int refused = 0;
        for (int run = 0; run < RUNS; run++) {
            int index = random.nextInt(originals.size());
            byte[] mutated = originals.get(index);
            for (int steps = 1 + random.nextInt(3); steps > 0; steps--) {
                mutated = mutate(mutated, packets.get(index));
            }
            refused += check(mutated) ? 0 : 1;
        }
        assertTrue("most mutations are refused: " + refused, refused > RUNS / 4);
    }

    /**
     * @return whether {@code input} decoded; asserts the result is a packet or a refusal within the allocation budget,
     *         measured on a second run so that one-time class loading is not counted
     */
    private boolean check(byte[] input) {
        Packet packet = decodeOrNull(input);
        Packet streamed = readOrNull(input);
        assertAllocatesAtMost(input.length + SLACK, () -> decodeOrNull(input));
        assertAllocatesAtMost(MAX_PAYLOAD + SLACK, () -> readOrNull(input));
        if (packet != null) {
            assertEquals(packet, streamed);
            assertTrue("a changed packet verified", !packet.verify(ALICE_KEYS.publicKey()) || isOriginal(input));
        }
        if (streamed != null && streamed.verify(ALICE_KEYS.publicKey())) {
            assertTrue("a changed packet verified", originals.stream().anyMatch(o -> startsWith(input, o)));
        }
        return packet != null;
    }

    private Packet decodeOrNull(byte[] input) {
        try {
            return codec.decode(input);
        } catch (PacketException refused) {
            return null;
        }
    }

    private Packet readOrNull(byte[] input) {
        try {
            return codec.read(new ByteArrayInputStream(input));
        } catch (PacketException refused) {
            return null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertAllocatesAtMost(long budget, Runnable decoding) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        decoding.run();
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue("allocated " + used + " bytes, more than " + budget, used <= budget);
    }

    private byte[] mutate(byte[] bytes, Packet source) {
        switch (random.nextInt(6)) {
            case 0:
                return flipBit(bytes);
            case 1:
                return insert(bytes);
            case 2:
                return delete(bytes);
            case 3:
                return splice(bytes);
            case 4:
                return withShortLength(bytes, new Packets.Layout(source));
            default:
                return withPayloadLength(bytes, new Packets.Layout(source));
        }
    }

    private byte[] flipBit(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private byte[] insert(byte[] bytes) {
        int at = random.nextInt(bytes.length + 1);
        return concat(Arrays.copyOf(bytes, at), randomBytes(1 + random.nextInt(8)),
                Arrays.copyOfRange(bytes, at, bytes.length));
    }

    private byte[] delete(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        int count = 1 + random.nextInt(Math.min(8, bytes.length - at));
        return concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at + count, bytes.length));
    }

    private byte[] splice(byte[] bytes) {
        byte[] other = pickOriginal();
        return concat(Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)),
                Arrays.copyOfRange(other, random.nextInt(other.length + 1), other.length));
    }

    private byte[] withShortLength(byte[] bytes, Packets.Layout layout) {
        int[] offsets = {layout.ownerLength, layout.creatorLength, layout.packetIdLength, layout.remoteLength};
        int offset = offsets[random.nextInt(offsets.length)];
        if (offset + 2 > bytes.length) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putShort(offset, (short) SHORT_LENGTH_EXTREMES[random.nextInt(
                SHORT_LENGTH_EXTREMES.length)]);
        return copy;
    }

    private byte[] withPayloadLength(byte[] bytes, Packets.Layout layout) {
        if (layout.payloadLength + 4 > bytes.length) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        long length = PAYLOAD_LENGTH_EXTREMES[random.nextInt(PAYLOAD_LENGTH_EXTREMES.length)];
        ByteBuffer.wrap(copy).putInt(layout.payloadLength, (int) length);
        return copy;
    }

    private boolean isOriginal(byte[] input) {
        return originals.stream().anyMatch(o -> Arrays.equals(o, input));
    }

    private static boolean startsWith(byte[] input, byte[] prefix) {
        return input.length >= prefix.length && Arrays.equals(input, 0, prefix.length, prefix, 0, prefix.length);
    }

    private byte[] pickOriginal() {
        return originals.get(random.nextInt(originals.size()));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer joined = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            joined.put(part);
        }
        return joined.array();
    }
}
