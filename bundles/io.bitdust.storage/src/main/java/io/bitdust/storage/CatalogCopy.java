package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.transport.packet.Payload;

/**
 * A customer's copy of its catalog at a supplier: the {@code data} of a {@link StoredData} named {@link #NAME}. The
 * supplier keeps one per customer and takes a new one only when its revision is strictly higher than the one it holds
 * (§3.7); it cannot open the export (sealed to the customer) and trusts the revision as the customer signed it in the
 * Data packet. Fields (§3.7): {@code export} bytes (at most {@link #MAX_EXPORT_BYTES}), {@code revision} text
 * (canonical decimal, 0 or more).
 *
 * @param revision the catalog's revision the export was made at, 0 or more
 * @param export   the sealed catalog export (not copied: do not change the array)
 */
public record CatalogCopy(long revision, byte[] export) {
    /** The object name a catalog copy is stored under, the same at every supplier. */
    public static final String NAME = "catalog";
    /**
     * The reason word of a supplier's Fail to a copy whose revision is not higher than the one it holds:
     * {@code stale-catalog: revision 5 is not higher than 7 held}.
     */
    public static final String STALE = "stale-catalog";
    /**
     * The most export bytes a copy carries: {@link StorageProtocol#MAX_DATA_BYTES} less this payload's framing
     * (version, count, both fields' names, types and lengths, a revision of 19 digits).
     */
    public static final int MAX_EXPORT_BYTES = StorageProtocol.MAX_DATA_BYTES - 64;

    /** @throws BitDustException INVALID_ARGUMENT for a negative revision, a missing or too large export */
    public CatalogCopy {
        if (revision < 0) {
            throw BitDustException.invalid("field 'revision' is " + revision + ", not 0 or more");
        }
        if (export == null) {
            throw BitDustException.invalid("field 'export' is missing");
        }
        if (export.length > MAX_EXPORT_BYTES) {
            throw BitDustException.invalid("field 'export' has " + export.length + " bytes, more than "
                    + MAX_EXPORT_BYTES);
        }
    }

    /** @return the payload: what a {@link StoredData} named {@link #NAME} carries as its data */
    public byte[] toBytes() {
        return Payload.builder().bytes("export", export).text("revision", Long.toString(revision)).toBytes();
    }

    /** @return the Data payload storing this copy: a {@link StoredData} named {@link #NAME} */
    public StoredData toStoredData() {
        return new StoredData(NAME, toBytes());
    }

    /**
     * @param payload the data of a {@link StoredData} named {@link #NAME}
     * @return the copy
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field;
     *     {@link io.bitdust.transport.packet.PacketException} when it is not a payload at all
     */
    public static CatalogCopy parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a catalog copy", "export", "revision");
        long revision = StorageProtocol.number(fields, "revision", 0, Long.MAX_VALUE);
        return new CatalogCopy(revision, fields.bytes("export").orElseThrow());
    }
}
