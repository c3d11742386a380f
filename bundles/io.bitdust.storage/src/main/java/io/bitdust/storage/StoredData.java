package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;

/**
 * The payload of a Data packet: one object a customer stores at a supplier, under a name of its choosing (a fragment
 * {@code <backupID>/<block>-<position>-Data}, an index copy, ...). The supplier keeps the whole signed packet as it
 * came and hands it back, nested, on a Retrieve of the same name; a newer Data of the same name replaces it. Fields
 * (§3.3): {@code name} text ({@link StorageProtocol#checkName}), {@code data} bytes (at most
 * {@link StorageProtocol#MAX_DATA_BYTES}).
 *
 * @param name the object's name
 * @param data the object's bytes (not copied: do not change the array)
 */
public record StoredData(String name, byte[] data) {
    /** The name of the bytes field that holds the object. */
    public static final String DATA_FIELD = "data";
    /**
     * Where the object's bytes start in every Data payload: its field comes first (fields are encoded in the order of
     * their names), so only the name's length differs after them.
     */
    public static final int DATA_OFFSET = Payload.parse(payload("n", new byte[0], 0, 0).toBytes()).range(DATA_FIELD)
            .orElseThrow().offset();

    /** @throws BitDustException INVALID_ARGUMENT for a bad name or too many bytes */
    public StoredData {
        check(name, data.length);
    }

    /** @return the payload, with the data copied once */
    public byte[] toBytes() {
        return payload().toBytes();
    }

    /** @return the payload as fields, read from its encoding (the data copied once) */
    public Payload fields() {
        return Payload.parse(toBytes());
    }

    /**
     * @param name       the object's name
     * @param dataLength the length of its data
     * @return the length of its payload
     */
    public static int encodedLength(String name, int dataLength) {
        return payload(name, new byte[0], 0, 0).encodedLength() + dataLength;
    }

    /**
     * Writes the payload of an object whose data is a range of a buffer (a fragment the packer writes into a buffer
     * it uses again) at the start of another buffer used again (a backup sends thousands of fragments of several MB),
     * as {@code new StoredData(name, data).toBytes()} gives it.
     *
     * @param into   at least {@link #encodedLength(String, int)} bytes
     * @param name   the object's name
     * @param data   holds the object's bytes in {@code [offset, offset + length)}
     * @param offset where they start
     * @param length how many there are
     * @param sha256 the SHA-256 of those bytes (a fragment's, as its manifest records it), so that a packet is signed
     *               without hashing them again; null when not known
     * @return the payload, read from {@code into}
     * @throws BitDustException INVALID_ARGUMENT for a bad name or too many bytes
     * @throws IllegalArgumentException when {@code into} is too short
     */
    public static Payload buildIn(byte[] into, String name, byte[] data, int offset, int length, byte[] sha256) {
        check(name, length);
        Payload.Builder payload = Payload.builder().text("name", name);
        return (sha256 == null ? payload.bytes(DATA_FIELD, data, offset, length)
                : payload.bytes(DATA_FIELD, data, offset, length, sha256)).buildIn(into);
    }

    /**
     * @param name an object's name
     * @return the bytes of a Data payload after the object's bytes (its name field)
     */
    public static int trailerLength(String name) {
        return encodedLength(name, 0) - DATA_OFFSET;
    }

    /**
     * Writes the payload of an object whose bytes already lie at {@link #DATA_OFFSET} of a buffer (a fragment the
     * packer wrote there), around them and without copying them: the {@code DATA_OFFSET} bytes before and the
     * {@link #trailerLength} bytes after, as {@code new StoredData(name, data).toBytes()} gives the whole.
     *
     * @param buffer at least {@code DATA_OFFSET + length + trailerLength(name)} bytes
     * @param name   the object's name
     * @param length how many bytes the object has
     * @param sha256 the SHA-256 of those bytes, so that a packet is signed without hashing them again; null when not
     *               known
     * @return the payload, read from {@code buffer}
     * @throws BitDustException INVALID_ARGUMENT for a bad name or too many bytes
     * @throws IllegalArgumentException when {@code buffer} is too short
     */
    public static Payload buildAround(byte[] buffer, String name, int length, byte[] sha256) {
        return buildIn(buffer, name, buffer, DATA_OFFSET, length, sha256);
    }

    private Payload.Builder payload() {
        return payload(name, data, 0, data.length);
    }

    private static Payload.Builder payload(String name, byte[] data, int offset, int length) {
        return Payload.builder().text("name", name).bytes(DATA_FIELD, data, offset, length);
    }

    /**
     * @param payload a Data payload
     * @return the object
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static StoredData parse(byte[] payload) {
        return parse(Payload.parse(payload));
    }

    /**
     * @param packet a Data packet
     * @return its object, read from the packet's own payload (the data is copied once)
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static StoredData parse(Packet packet) {
        return parse(packet.fields());
    }

    /**
     * @param packet a Data packet
     * @return the name of its object, checked as {@link #parse(Packet)} checks the whole object, without copying the
     *     data (a supplier stores the packet as it came)
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static String name(Packet packet) {
        return name(packet.fields());
    }

    /**
     * @param packet a Data packet
     * @return the data of its object where it lies in the packet's payload (nothing copied: a fragment is several
     *     MB), checked as {@link #parse(Packet)} checks the whole object, with its SHA-256 when checking the packet's
     *     signature computed it (docs/protocol.md §2.4). Do not change the bytes
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static ByteRange data(Packet packet) {
        Payload fields = packet.fields();
        name(fields);
        return fields.range(DATA_FIELD).orElseThrow();
    }

    /**
     * @param name   an object's name
     * @param length the length of its data
     * @throws BitDustException INVALID_ARGUMENT for a bad name or too many bytes, as the constructor
     */
    public static void check(String name, int length) {
        StorageProtocol.checkName(name);
        if (length > StorageProtocol.MAX_DATA_BYTES) {
            throw BitDustException.invalid("an object of " + length + " bytes exceeds "
                    + StorageProtocol.MAX_DATA_BYTES);
        }
    }

    private static StoredData parse(Payload fields) {
        return new StoredData(name(fields), fields.bytes(DATA_FIELD).orElseThrow());
    }

    private static String name(Payload fields) {
        StorageProtocol.fields(fields, "a Data", "name", DATA_FIELD);
        String name = fields.text("name");
        check(name, fields.view(DATA_FIELD).orElseThrow().remaining());
        return name;
    }
}
