package io.bitdust.transport.packet;

import io.bitdust.common.ByteRange;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.transport.packet.PacketException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one encoding of every command's payload: named fields, each raw bytes, UTF-8 text, or one nested signed packet
 * (a supplier hands back the owner's original Data packet inside its reply). Canonical: fields sorted by name, each
 * name once, so a payload has exactly one encoding. Immutable, thread-safe. Layout ({@code docs/protocol.md} §2.10):
 *
 * <pre>
 * u8 version (1) | u8 field count (0..64) | per field: u8 name length (1..32) | name (a-z, 0-9, _ and -, ascending)
 *                | u8 type (0 bytes, 1 text, 2 packet) | u32 value length | value
 * </pre>
 *
 * A nested packet is checked against its own creator's key and the expected owner, and may not itself carry a nested
 * packet: nesting goes one level deep.
 *
 * <p>A packet's signature covers its payload of fields through the {@link #signedForm() signed form}, in which each
 * bytes value is replaced by its SHA-256 and a nested packet by what its creator signed: a value is hashed once per
 * payload, and a fragment's SHA-256, which its version's manifest also records, is computed once at either end
 * ({@code docs/protocol.md} §2.4).
 */
public final class Payload {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    /** The most fields one payload holds. */
    public static final int MAX_FIELDS = 64;
    /** The longest field name. */
    public static final int MAX_NAME_LENGTH = 32;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1," + MAX_NAME_LENGTH + "}");
    private static final int BYTES = 0;
    private static final int TEXT = 1;
    private static final int PACKET = 2;
    /** Decodes a nested packet for the signed form: the outer payload's own limit bounds it already. */
    private static final PacketCodec NESTED = new PacketCodec(PacketCodec.LARGEST_MAX_PAYLOAD);

    private final Map<String, Field> fields;
    /** The encoding the fields were read from or written into; null for a payload {@link Builder#build built}. */
    private final ByteRange encoding;

    private Payload(Map<String, Field> fields, ByteRange encoding) {
        this.fields = fields;
        this.encoding = encoding;
    }

    /** @return a builder of a new payload */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the fields without copying them: the payload refers to {@code bytes}, which the caller must not change
     * afterwards ({@link Packet#payload()} returns a fresh copy; {@link Packet#fields()} reads a packet's own).
     *
     * @param bytes a packet's payload
     * @return its fields
     * @throws PacketException MALFORMED_PAYLOAD naming what is wrong, before anything is allocated for the values
     */
    public static Payload parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /**
     * As {@link #parse(byte[])}, for a payload that is a range of a larger array (a packet decoded from the array it
     * came in).
     *
     * @param bytes  holds the payload in {@code [offset, offset + length)}
     * @param offset where it starts
     * @param length its length
     * @return its fields, referring to {@code bytes}
     * @throws PacketException as {@link #parse(byte[])}
     */
    public static Payload parse(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        int version = unsignedByte(in, "the version");
        if (version != VERSION) {
            throw malformed("payload format version " + version + " is not " + VERSION);
        }
        int count = unsignedByte(in, "the field count");
        if (count > MAX_FIELDS) {
            throw malformed(count + " fields exceed the limit " + MAX_FIELDS);
        }
        Map<String, Field> fields = new TreeMap<>();
        String previous = null;
        for (int i = 0; i < count; i++) {
            int nameLength = unsignedByte(in, "the length of field " + i + "'s name");
            if (nameLength < 1 || nameLength > MAX_NAME_LENGTH || nameLength > in.remaining()) {
                throw malformed("field " + i + "'s name length " + nameLength + " is not 1 to " + MAX_NAME_LENGTH
                        + " within the payload");
            }
            byte[] nameBytes = new byte[nameLength];
            in.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.US_ASCII);
            if (!NAME.matcher(name).matches()) {
                throw malformed("field name '" + printable(name) + "' is not 1 to 32 of a-z, 0-9, _ and -");
            }
            if (previous != null && previous.compareTo(name) >= 0) {
                throw malformed("field '" + name + "' follows '" + previous + "': names must ascend, each once");
            }
            previous = name;
            int type = unsignedByte(in, "field '" + name + "''s type");
            if (type > PACKET) {
                throw malformed("field '" + name + "' has the unknown type " + type);
            }
            if (in.remaining() < 4) {
                throw malformed("the payload ends inside field '" + name + "''s length");
            }
            long valueLength = in.getInt() & 0xFFFFFFFFL;
            if (valueLength > in.remaining()) {
                throw malformed("field '" + name + "' announces " + valueLength + " bytes, " + in.remaining()
                        + " remain");
            }
            Field field = new Field(type, bytes, in.position(), (int) valueLength);
            in.position(in.position() + (int) valueLength);
            if (type == TEXT) {
                decodeUtf8(name, field);
            }
            fields.put(name, field);
        }
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " bytes follow the last field");
        }
        if (fields.values().stream().filter(f -> f.type == PACKET).count() > 1) {
            throw malformed("more than one field holds a nested packet");
        }
        return new Payload(Collections.unmodifiableMap(fields), new ByteRange(bytes, offset, length));
    }

    /** @return the field names, ascending */
    public java.util.Set<String> names() {
        return fields.keySet();
    }

    /**
     * @param name a field's name
     * @return its value as bytes, whatever its type; empty when there is no such field
     */
    public Optional<byte[]> bytes(String name) {
        Field field = fields.get(name);
        return field == null ? Optional.empty() : Optional.of(field.copy());
    }

    /**
     * @param name a field's name
     * @return its value, whatever its type, as a read-only view of the payload's bytes (nothing copied); empty when
     *     there is no such field
     */
    public Optional<ByteBuffer> view(String name) {
        Field field = fields.get(name);
        return field == null ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(field.bytes, field.offset, field.length).slice().asReadOnlyBuffer());
    }

    /**
     * @param name a field's name
     * @return its value, whatever its type, where it lies in the payload's array (nothing copied: a fragment nested
     *     in a supplier's reply is several MB); empty when there is no such field. Do not change the bytes
     */
    public Optional<ByteRange> range(String name) {
        Field field = fields.get(name);
        if (field == null) {
            return Optional.empty();
        }
        ByteRange range = new ByteRange(field.bytes, field.offset, field.length);
        byte[] sha256 = field.sha256;
        return Optional.of(sha256 == null ? range : range.withSha256(sha256));
    }

    /**
     * @param name a field's name
     * @return the SHA-256 of its value, computed once per payload (checking a packet's signature computes it for every
     *     bytes field); empty when there is no such field
     */
    public Optional<byte[]> sha256(String name) {
        Field field = fields.get(name);
        return field == null ? Optional.empty() : Optional.of(field.sha256().clone());
    }

    /**
     * Gives the SHA-256 of a bytes field as someone who hashed that value before knows it (a supplier, the data it
     * checked when the packet came), so that signing a packet that covers it does not hash it again. A wrong one makes
     * a signature that no one accepts. Nothing changes when the hash is known already.
     *
     * @param name   a bytes field's name
     * @param sha256 the SHA-256 of exactly its value
     * @throws IllegalArgumentException when there is no such bytes field or the digest is not 32 bytes
     */
    public void knowSha256(String name, byte[] sha256) {
        Field field = fields.get(name);
        if (field == null || field.type != BYTES) {
            throw new IllegalArgumentException("no bytes field '" + name + "'");
        }
        if (sha256.length != Hashes.SHA256_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes, not " + sha256.length);
        }
        if (field.sha256 == null) {
            field.sha256 = sha256.clone();
        }
    }

    /**
     * @param name a text field's name
     * @return its text
     * @throws PacketException MALFORMED_PAYLOAD when there is no such field or it is not text
     */
    public String text(String name) {
        Field field = required(name);
        if (field.type != TEXT) {
            throw malformed("field '" + name + "' is not text");
        }
        return new String(field.bytes, field.offset, field.length, StandardCharsets.UTF_8);
    }

    /** @return whether a field holds a nested packet */
    public boolean hasPacket() {
        return fields.values().stream().anyMatch(field -> field.type == PACKET);
    }

    /**
     * Reads the nested packet of a field and checks it: within the codec's limits, owned by {@code owner}, signed by
     * its creator's key, and not nesting another packet.
     *
     * @param name  the field's name
     * @param codec decodes it; its payload limit is the nested packet's own
     * @param owner whose packet it must be
     * @param keys  the signing key of a creator, from its verified identity
     * @return the nested packet, whose payload is a range of this payload's bytes (nothing copied)
     * @throws PacketException MALFORMED_PAYLOAD when the field is missing or not a packet; BAD_NESTED_PACKET when it is
     *     of another owner, badly signed or nests again; the codec's reasons when it is not a well-formed packet
     */
    public Packet packet(String name, PacketCodec codec, IdUrl owner, Function<IdUrl, SigningPublicKey> keys) {
        Field field = required(name);
        if (field.type != PACKET) {
            throw malformed("field '" + name + "' is not a packet");
        }
        Packet inner = field.nested(codec);
        if (!inner.owner().equals(owner)) {
            throw new PacketException(Reason.BAD_NESTED_PACKET, "the nested packet " + inner.packetId()
                    + " belongs to " + inner.owner() + ", not " + owner);
        }
        if (!inner.verify(keys.apply(inner.creator()))) {
            throw new PacketException(Reason.BAD_NESTED_PACKET, "the nested packet " + inner.packetId()
                    + " is not signed by its creator " + inner.creator());
        }
        if (nestsAgain(inner)) {
            throw new PacketException(Reason.BAD_NESTED_PACKET, "the nested packet " + inner.packetId()
                    + " nests another packet: nesting goes one level deep");
        }
        return inner;
    }

    /** @return the payload's canonical encoding, in one array of its exact length (values are copied once) */
    public byte[] toBytes() {
        return encode(fields);
    }

    /** @return this payload, read from or written into its encoding ({@link Builder#build} keeps none) */
    Payload encoded() {
        return encoding != null ? this : parse(toBytes());
    }

    /** @return the encoding, for a payload that was {@link #encoded()} */
    ByteRange encoding() {
        return Objects.requireNonNull(encoding, "a payload built without its encoding");
    }

    /**
     * The payload as a packet's signature covers it ({@code docs/protocol.md} §2.4): its encoding with each bytes
     * value replaced by its SHA-256 and each nested packet by the message its creator signed followed by its
     * signature; text values as they are, every length as encoded.
     *
     * @return the signed form
     * @throws PacketException when a packet field does not hold one well-formed packet, or holds one whose own payload
     *     nests a packet again (nesting goes one level deep; a deeper chain must not make checking a signature recurse
     *     once per level)
     */
    byte[] signedForm() {
        Map<String, byte[]> values = new TreeMap<>();
        int length = 2;
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            Field field = entry.getValue();
            byte[] value;
            if (field.type == TEXT) {
                value = field.copy();
            } else if (field.type == BYTES) {
                value = field.sha256();
            } else {
                Packet nested = field.nested(NESTED);
                if (nestsAgain(nested)) {
                    throw malformed("the nested packet " + nested.packetId() + " nests another packet");
                }
                byte[] message = nested.signedMessage();
                byte[] signature = nested.signatureArray();
                value = Arrays.copyOf(message, message.length + signature.length);
                System.arraycopy(signature, 0, value, message.length, signature.length);
            }
            values.put(entry.getKey(), value);
            length += 1 + entry.getKey().length() + 1 + 4 + value.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length).put((byte) VERSION).put((byte) fields.size());
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            out.put((byte) name.length).put(name).put((byte) entry.getValue().type).putInt(entry.getValue().length)
                    .put(values.get(entry.getKey()));
        }
        return out.array();
    }

    private static byte[] encode(Map<String, Field> fields) {
        byte[] encoded = new byte[encodedLength(fields)];
        encode(fields, encoded);
        return encoded;
    }

    private static int encodedLength(Map<String, Field> fields) {
        int length = 2;
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            length = Math.addExact(length, 1 + entry.getKey().length() + 1 + 4 + entry.getValue().length);
        }
        return length;
    }

    /** Writes the encoding; a value that already lies where its encoding puts it (in {@code into}) is left there. */
    private static void encode(Map<String, Field> fields, byte[] into) {
        ByteBuffer out = ByteBuffer.wrap(into).put((byte) VERSION).put((byte) fields.size());
        for (Map.Entry<String, Field> entry : fields.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            Field field = entry.getValue();
            out.put((byte) name.length).put(name).put((byte) field.type).putInt(field.length);
            if (field.bytes == into && field.offset == out.position()) {
                out.position(out.position() + field.length);
            } else {
                out.put(field.bytes, field.offset, field.length);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload && Arrays.equals(toBytes(), ((Payload) o).toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "Payload" + fields.keySet();
    }

    private static boolean nestsAgain(Packet inner) {
        try {
            return inner.fields().hasPacket();
        } catch (PacketException e) {
            return false;
        }
    }

    private Field required(String name) {
        Field field = fields.get(name);
        if (field == null) {
            throw malformed("the payload has no field '" + name + "'");
        }
        return field;
    }

    private static int unsignedByte(ByteBuffer in, String what) {
        if (!in.hasRemaining()) {
            throw malformed("the payload ends before " + what);
        }
        return in.get() & 0xFF;
    }

    private static String decodeUtf8(String name, Field value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.bytes, value.offset, value.length)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("text field '" + name + "' is not UTF-8");
        }
    }

    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static PacketException malformed(String message) {
        return new PacketException(Reason.MALFORMED_PAYLOAD, message);
    }

    /**
     * A field's type and value: a range of an array no one changes (the parsed payload, or a builder's copy), and what
     * is computed from it once (its SHA-256, a nested packet decoded with its hashes).
     */
    private static final class Field {
        final int type;
        final byte[] bytes;
        final int offset;
        final int length;
        /** The value's SHA-256 once computed, or as its writer knew it; never changed once set. */
        volatile byte[] sha256;
        /** The nested packet once decoded, which keeps the hash of what its creator signed. */
        volatile Packet nested;

        Field(int type, byte[] bytes, int offset, int length, byte[] sha256) {
            this.type = type;
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            this.sha256 = sha256;
        }

        Field(int type, byte[] bytes, int offset, int length) {
            this(type, bytes, offset, length, null);
        }

        Field(int type, byte[] value) {
            this(type, value, 0, value.length);
        }

        byte[] copy() {
            return Arrays.copyOfRange(bytes, offset, offset + length);
        }

        byte[] sha256() {
            byte[] digest = sha256;
            if (digest == null) {
                digest = Hashes.newSha256().update(bytes, offset, length).digest();
                sha256 = digest;
            }
            return digest;
        }

        /** @return the nested packet, checked against the codec's limits, decoded once (with its hashes) */
        Packet nested(PacketCodec codec) {
            Packet decoded = codec.decode(bytes, offset, length);
            Packet known = nested;
            if (known != null) {
                return known;
            }
            nested = decoded;
            return decoded;
        }
    }

    /** Collects the fields of a new payload; each name once. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Field> fields = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param name  1 to 32 of a-z, 0-9, _ and -
         * @param value raw bytes; not copied here ({@link #build} copies them, {@link #toBytes} writes them once
         *              into the encoding): do not change the array until then
         * @return this builder
         */
        public Builder bytes(String name, byte[] value) {
            return bytes(name, value, 0, value.length);
        }

        /**
         * @param name   1 to 32 of a-z, 0-9, _ and -
         * @param value  holds the raw bytes in {@code [offset, offset + length)}; not copied here, as
         *               {@link #bytes(String, byte[])}
         * @param offset where they start
         * @param length how many there are
         * @return this builder
         * @throws IndexOutOfBoundsException when the range is not within the array
         */
        public Builder bytes(String name, byte[] value, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, value.length);
            return put(name, new Field(BYTES, value, offset, length));
        }

        /**
         * As {@link #bytes(String, byte[], int, int)}, for a value whose SHA-256 its writer has computed already (a
         * fragment, whose hash its version's manifest records): a payload {@link #buildIn built in a buffer} is then
         * signed without hashing the value again.
         *
         * @param name   1 to 32 of a-z, 0-9, _ and -
         * @param value  holds the raw bytes in {@code [offset, offset + length)}; not copied here
         * @param offset where they start
         * @param length how many there are
         * @param sha256 the SHA-256 of exactly those bytes: a wrong one makes a packet whose signature no one accepts
         * @return this builder
         * @throws IndexOutOfBoundsException when the range is not within the array
         * @throws IllegalArgumentException when the digest is not 32 bytes
         */
        public Builder bytes(String name, byte[] value, int offset, int length, byte[] sha256) {
            Objects.checkFromIndexSize(offset, length, value.length);
            if (sha256.length != Hashes.SHA256_LENGTH) {
                throw new IllegalArgumentException("a SHA-256 is 32 bytes, not " + sha256.length);
            }
            return put(name, new Field(BYTES, value, offset, length, sha256.clone()));
        }

        /**
         * @param name  the field's name
         * @param value text, written as UTF-8
         * @return this builder
         */
        public Builder text(String name, String value) {
            return put(name, TEXT, value.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param name   the field's name
         * @param packet a signed packet, nested as its encoding; its own payload must not nest another packet
         * @param codec  encodes it
         * @return this builder
         * @throws IllegalArgumentException when the packet nests another one, or a packet is nested already
         */
        public Builder packet(String name, Packet packet, PacketCodec codec) {
            return nest(name, packet, codec.encode(packet));
        }

        /**
         * As {@link #packet(String, Packet, PacketCodec)}, for a packet already encoded (a supplier hands back the
         * packet it stored as it came): the encoding is nested as it is, without being encoded again.
         *
         * @param name    the field's name
         * @param encoded exactly one encoded packet; not copied here: do not change the array until the payload is
         *                built
         * @param codec   checks that it is one, within its limits
         * @return this builder
         * @throws PacketException when the bytes are not one well-formed packet
         * @throws IllegalArgumentException as {@link #packet(String, Packet, PacketCodec)}
         */
        public Builder packet(String name, byte[] encoded, PacketCodec codec) {
            return nest(name, codec.decode(encoded), encoded);
        }

        /**
         * As {@link #packet(String, byte[], PacketCodec)}, giving the SHA-256 of bytes fields of the nested packet's
         * payload as someone who checked them knows them ({@link Payload#knowSha256}): a payload written with
         * {@link #buildIn} then signs without hashing those values again.
         *
         * @param name    the field's name
         * @param encoded exactly one encoded packet; not copied here: do not change the array while the payload is
         *                in use
         * @param codec   checks that it is one, within its limits
         * @param known   the SHA-256 of some of its payload's bytes fields, by field name
         * @return this builder
         * @throws PacketException when the bytes are not one well-formed packet, or its payload is not fields
         * @throws IllegalArgumentException as {@link #packet(String, Packet, PacketCodec)}, or for a known hash of a
         *     field that is not a bytes field of the nested payload
         */
        public Builder packet(String name, byte[] encoded, PacketCodec codec, Map<String, byte[]> known) {
            return packet(name, encoded, 0, encoded.length, codec, known);
        }

        /**
         * As {@link #packet(String, byte[], PacketCodec, Map)}, for an encoded packet that lies in a range of a larger
         * array: the array the payload is then built in by {@link #buildIn}, the packet at the offset its field's value
         * has there (read there from a file, after room for the payload's header), so that the payload is written
         * around it without copying it.
         *
         * @param name    the field's name
         * @param encoded holds exactly one encoded packet in {@code [offset, offset + length)}; not copied here
         * @param offset  where it starts
         * @param length  its length
         * @param codec   checks that it is one, within its limits
         * @param known   the SHA-256 of some of its payload's bytes fields, by field name
         * @return this builder
         * @throws PacketException as {@link #packet(String, byte[], PacketCodec, Map)}
         * @throws IllegalArgumentException as {@link #packet(String, byte[], PacketCodec, Map)}
         * @throws IndexOutOfBoundsException when the range is not within {@code encoded}
         */
        public Builder packet(String name, byte[] encoded, int offset, int length, PacketCodec codec,
                Map<String, byte[]> known) {
            Packet packet = codec.decode(encoded, offset, length);
            known.forEach((field, sha256) -> packet.fields().knowSha256(field, sha256));
            return nest(name, packet, encoded, offset, length);
        }

        /** Nests the encoding, keeping the packet decoded from it (with the hashes it knows) for {@link #buildIn}. */
        private Builder nest(String name, Packet packet, byte[] encoded) {
            return nest(name, packet, encoded, 0, encoded.length);
        }

        private Builder nest(String name, Packet packet, byte[] encoded, int offset, int length) {
            if (nestsAgain(packet)) {
                throw new IllegalArgumentException("packet " + packet.packetId() + " nests another packet");
            }
            if (fields.values().stream().anyMatch(field -> field.type == PACKET)) {
                throw new IllegalArgumentException("a payload nests one packet at most");
            }
            Field field = new Field(PACKET, encoded, offset, length);
            field.nested = packet;
            return put(name, field);
        }

        /** @return the payload, with its own copy of every value given as an array (bytes, an encoded packet) */
        public Payload build() {
            checkFieldCount();
            Map<String, Field> copies = new TreeMap<>();
            fields.forEach((name, field) -> copies.put(name,
                    field.type == TEXT ? field : new Field(field.type, field.copy())));
            return new Payload(Collections.unmodifiableMap(copies), null);
        }

        /**
         * Writes the encoding of the payload being built at the start of {@code into}, as {@link #writeTo} does, and
         * returns the payload as read from there: with the SHA-256 of each value its writer gave, and a nested packet
         * with the hashes it was given, so that signing it does not hash those again
         * ({@link Packet#sign(Command, IdUrl, IdUrl, String, long, IdUrl, Payload, Function)}).
         *
         * @param into at least {@link #encodedLength()} bytes; what follows the encoding is left as it is
         * @return the payload, referring to {@code into}: do not change those bytes while it is in use
         * @throws IllegalArgumentException as {@link #writeTo}
         */
        public Payload buildIn(byte[] into) {
            int length = writeTo(into);
            Payload written = parse(into, 0, length);
            fields.forEach((name, field) -> {
                if (field.sha256 != null) {
                    written.fields.get(name).sha256 = field.sha256;
                }
                if (field.nested != null) {
                    written.fields.get(name).nested = field.nested;
                }
            });
            return written;
        }

        /**
         * The encoding of the payload being built, as {@code build().toBytes()} gives it, with each value copied
         * once, straight into the encoding: the way to make a large payload (a fragment of several MB).
         *
         * @return the payload's canonical encoding
         */
        public byte[] toBytes() {
            checkFieldCount();
            return encode(fields);
        }

        /** @return how many bytes the encoding of the payload being built takes */
        public int encodedLength() {
            return Payload.encodedLength(fields);
        }

        /**
         * Writes the encoding of the payload being built at the start of {@code into}, as {@link #toBytes} gives it:
         * for a buffer that is used again.
         *
         * @param into at least {@link #encodedLength()} bytes; what follows the encoding is left as it is
         * @return the encoding's length
         * @throws IllegalArgumentException when {@code into} is too short, or there are too many fields
         */
        public int writeTo(byte[] into) {
            checkFieldCount();
            int length = Payload.encodedLength(fields);
            if (into.length < length) {
                throw new IllegalArgumentException("the payload takes " + length + " bytes, the buffer has "
                        + into.length);
            }
            encode(fields, into);
            return length;
        }

        private void checkFieldCount() {
            if (fields.size() > MAX_FIELDS) {
                throw new IllegalArgumentException(fields.size() + " fields exceed the limit " + MAX_FIELDS);
            }
        }

        private Builder put(String name, int type, byte[] value) {
            return put(name, new Field(type, value));
        }

        private Builder put(String name, Field field) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("field name '" + name + "' is not 1 to 32 of a-z, 0-9, _ and -");
            }
            if (fields.putIfAbsent(name, field) != null) {
                throw new IllegalArgumentException("field '" + name + "' is set twice");
            }
            return this;
        }
    }
}
