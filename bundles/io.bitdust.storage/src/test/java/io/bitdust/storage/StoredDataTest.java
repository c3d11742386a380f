package io.bitdust.storage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.bitdust.crypto.Hashes;
import io.bitdust.transport.packet.Payload;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class StoredDataTest {
    private static final String NAME = "f" + "0123456789abcdef".repeat(4);

    /** A payload written around bytes already in place is the one a copy makes, and those bytes are not moved. */
    @Test
    public void aPayloadBuiltAroundItsDataIsThePayloadACopyMakes() {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        byte[] buffer = new byte[StoredData.DATA_OFFSET + data.length + StoredData.trailerLength(NAME) + 7];
        Arrays.fill(buffer, (byte) 0x5a);
        System.arraycopy(data, 0, buffer, StoredData.DATA_OFFSET, data.length);
        Payload payload = StoredData.buildAround(buffer, NAME, data.length, Hashes.sha256(data));
        byte[] expected = new StoredData(NAME, data).toBytes();
        assertEquals(expected.length, StoredData.DATA_OFFSET + data.length + StoredData.trailerLength(NAME));
        assertArrayEquals(expected, Arrays.copyOf(buffer, expected.length));
        assertArrayEquals(expected, payload.toBytes());
        assertEquals("what follows the payload is left as it is", 0x5a, buffer[expected.length]);
        assertEquals(StoredData.DATA_OFFSET, payload.range(StoredData.DATA_FIELD).orElseThrow().offset());
        assertArrayEquals(Hashes.sha256(data), payload.sha256(StoredData.DATA_FIELD).orElseThrow());
    }

    @Test
    public void aBufferTooShortForTheNameAfterTheDataIsRefused() {
        byte[] buffer = new byte[StoredData.DATA_OFFSET + 10 + StoredData.trailerLength(NAME) - 1];
        assertThrows(IllegalArgumentException.class, () -> StoredData.buildAround(buffer, NAME, 10, null));
    }
}
