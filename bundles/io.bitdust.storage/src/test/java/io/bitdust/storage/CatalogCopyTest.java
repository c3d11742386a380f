package io.bitdust.storage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.transport.packet.Payload;
import java.util.HexFormat;
import org.junit.Test;

/** The catalog copy a supplier keeps: its bytes as documented, and every wrong field named. */
public class CatalogCopyTest {
    @Test
    public void theCopyIsByteExactAsDocumentedAndRoundTrips() {
        CatalogCopy copy = new CatalogCopy(7, new byte[] {1, 2, 3});
        // docs/protocol.md §3.7: version 1, 2 fields, sorted: export (bytes), revision (text)
        assertEquals("0102"
                + "06" + "6578706f7274" + "00" + "00000003" + "010203"
                + "08" + "7265766973696f6e" + "01" + "00000001" + "37", HexFormat.of().formatHex(copy.toBytes()));
        CatalogCopy back = CatalogCopy.parse(copy.toBytes());
        assertEquals(7, back.revision());
        assertArrayEquals(new byte[] {1, 2, 3}, back.export());

        StoredData stored = StoredData.parse(copy.toStoredData().toBytes());
        assertEquals("catalog", stored.name());
        assertEquals(CatalogCopy.NAME, stored.name());
        assertArrayEquals(copy.toBytes(), stored.data());
        assertEquals(Long.MAX_VALUE, CatalogCopy.parse(new CatalogCopy(Long.MAX_VALUE, new byte[0]).toBytes())
                .revision());
    }

    @Test
    public void theLargestExportFitsInOneDataPacket() {
        byte[] export = new byte[CatalogCopy.MAX_EXPORT_BYTES];
        byte[] data = new CatalogCopy(Long.MAX_VALUE, export).toBytes();
        assertTrue(data.length + " bytes", data.length <= StorageProtocol.MAX_DATA_BYTES);
        new StoredData(CatalogCopy.NAME, data);
        refused(() -> new CatalogCopy(1, new byte[CatalogCopy.MAX_EXPORT_BYTES + 1]), "field 'export' has");
    }

    @Test
    public void wrongFieldsAreNamed() {
        refused(() -> CatalogCopy.parse(Payload.builder().bytes("export", new byte[1]).text("revision", "-1").build()
                .toBytes()), "field 'revision'");
        refused(() -> CatalogCopy.parse(Payload.builder().bytes("export", new byte[1]).text("revision", "07").build()
                .toBytes()), "field 'revision'");
        refused(() -> CatalogCopy.parse(Payload.builder().bytes("export", new byte[1]).text("revision", "seven")
                .build().toBytes()), "field 'revision' is not a whole number");
        refused(() -> CatalogCopy.parse(Payload.builder().bytes("export", new byte[1])
                .text("revision", "99999999999999999999").build().toBytes()), "field 'revision'");
        refused(() -> CatalogCopy.parse(Payload.builder().bytes("export", new byte[1]).bytes("revision", new byte[1])
                .build().toBytes()), "field 'revision' is not text");
        refused(() -> CatalogCopy.parse(Payload.builder().text("revision", "1").build().toBytes()),
                "expected [export, revision]");
        refused(() -> CatalogCopy.parse(Payload.builder().bytes("export", new byte[1]).text("revision", "1")
                .text("x", "").build().toBytes()), "expected [export, revision]");
        refused(() -> CatalogCopy.parse(new byte[] {9, 9, 9}), "");
        refused(() -> new CatalogCopy(-1, new byte[0]), "field 'revision' is -1");
    }

    private static void refused(Runnable call, String expected) {
        try {
            call.run();
            fail("accepted; expected a refusal mentioning " + expected);
        } catch (BitDustException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
