package io.bitdust.transport.packet;

import io.bitdust.common.ByteRange;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.SigningPublicKey;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * One signed peer-to-peer message: a {@link Command}, whose data it concerns (owner), who made and signed it
 * (creator), a packet ID that replies reuse, the creation date, the recipient (remote, so that a packet cannot be
 * replayed to another node), a payload and the creator's Ed25519 signature over all of these. Build one with
 * {@link #sign}; read one with {@link PacketCodec}; check one with {@link #verify} or {@link PacketValidator}.
 * Immutable and thread-safe as long as no one changes the bytes its payload was made from: a packet refers to them
 * rather than copying them in (a fragment's payload is several MB, and a decoded packet is a range of the array it was
 * decoded from), and copies them out ({@link #payloadBuffer()} and {@link #fields()} share them read-only).
 */
public final class Packet {
    /** The longest packet ID, in characters (printable ASCII, so also in bytes). */
    public static final int MAX_PACKET_ID_LENGTH = PacketFormat.MAX_PACKET_ID_LENGTH;

    private final Command command;
    private final IdUrl owner;
    private final IdUrl creator;
    private final String packetId;
    private final long date;
    private final IdUrl remote;
    private final byte[] payload;
    private final int payloadOffset;
    private final int payloadLength;
    private final byte[] signature;
    /** What the creator signs, computed once: hashing the payload is most of a verification's cost. */
    private volatile byte[] signedMessage;
    /** The payload's fields once read, with the hashes computed from them. */
    private volatile Payload fields;

    private Packet(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            byte[] payload, int payloadOffset, int payloadLength, byte[] signature) {
        this.command = Objects.requireNonNull(command, "command");
        this.owner = checkIdUrl(owner, "owner");
        this.creator = checkIdUrl(creator, "creator");
        this.packetId = checkPacketId(packetId);
        this.date = date;
        this.remote = checkIdUrl(remote, "remote");
        this.payload = Objects.requireNonNull(payload, "payload");
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.signature = signature;
    }

    /**
     * Builds a packet and signs it: the signature covers every other field (see {@code docs/protocol.md §2}).
     *
     * @param command  what the packet asks for or answers
     * @param owner    whose data it concerns
     * @param creator  who makes and signs it: the node holding {@code keys}
     * @param packetId 1 to {@value #MAX_PACKET_ID_LENGTH} printable ASCII characters
     * @param date     creation time, epoch milliseconds
     * @param remote   the recipient
     * @param payload  the body; not copied (a fragment's payload is several MB): do not change the array afterwards
     * @param keys     the creator's signing key pair
     * @return the signed packet
     * @throws PacketException MALFORMED_FIELD when the packet ID is empty, too long or not printable ASCII
     */
    public static Packet sign(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            byte[] payload, SigningKeyPair keys) {
        return sign(command, owner, creator, packetId, date, remote, payload,
                message -> Signatures.sign(keys, message));
    }

    /**
     * As {@link #sign(Command, IdUrl, IdUrl, String, long, IdUrl, byte[], SigningKeyPair)}, with a signer that holds
     * the private key, e.g. {@code KeyRing::sign}.
     *
     * @param command  what the packet asks for or answers
     * @param owner    whose data it concerns
     * @param creator  who makes and signs it: the owner of the signer's key
     * @param packetId 1 to {@value #MAX_PACKET_ID_LENGTH} printable ASCII characters
     * @param date     creation time, epoch milliseconds
     * @param remote   the recipient
     * @param payload  the body; not copied (a fragment's payload is several MB): do not change the array afterwards
     * @param signer   signs the given message with the creator's Ed25519 private key
     * @return the signed packet
     * @throws PacketException MALFORMED_FIELD when the packet ID is empty, too long or not printable ASCII, or the
     *                         signer does not return a 64-byte signature
     */
    public static Packet sign(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            byte[] payload, Function<byte[], byte[]> signer) {
        return sign(command, owner, creator, packetId, date, remote, payload, 0, payload.length, signer);
    }

    /**
     * As {@link #sign(Command, IdUrl, IdUrl, String, long, IdUrl, byte[], Function)}, with the body a range of an
     * array (a buffer that is used again once the packet is answered).
     *
     * @param command  what the packet asks for or answers
     * @param owner    whose data it concerns
     * @param creator  who makes and signs it: the owner of the signer's key
     * @param packetId 1 to {@value #MAX_PACKET_ID_LENGTH} printable ASCII characters
     * @param date     creation time, epoch milliseconds
     * @param remote   the recipient
     * @param payload  holds the body in {@code [offset, offset + length)}; not copied: do not change those bytes
     *                 while the packet is in use
     * @param offset   where the body starts
     * @param length   the body's length
     * @param signer   signs the given message with the creator's Ed25519 private key
     * @return the signed packet
     * @throws PacketException MALFORMED_FIELD as {@link #sign(Command, IdUrl, IdUrl, String, long, IdUrl, byte[],
     *                         Function)}
     * @throws IndexOutOfBoundsException when the range is not within the array
     */
    public static Packet sign(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            byte[] payload, int offset, int length, Function<byte[], byte[]> signer) {
        return sign(command, owner, creator, packetId, date, remote, payload, offset, length, null, signer);
    }

    /**
     * As {@link #sign(Command, IdUrl, IdUrl, String, long, IdUrl, byte[], int, int, Function)}, with a payload of
     * fields: its encoding is the body, and the SHA-256 of a value its writer gave
     * ({@link Payload.Builder#bytes(String, byte[], int, int, byte[])}, {@link Payload.Builder#buildIn}) is not
     * computed again.
     *
     * @param command  what the packet asks for or answers
     * @param owner    whose data it concerns
     * @param creator  who makes and signs it: the owner of the signer's key
     * @param packetId 1 to {@value #MAX_PACKET_ID_LENGTH} printable ASCII characters
     * @param date     creation time, epoch milliseconds
     * @param remote   the recipient
     * @param payload  the body; its encoding is not copied: do not change it while the packet is in use
     * @param signer   signs the given message with the creator's Ed25519 private key
     * @return the signed packet
     * @throws PacketException MALFORMED_FIELD as {@link #sign(Command, IdUrl, IdUrl, String, long, IdUrl, byte[],
     *                         Function)}
     */
    public static Packet sign(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            Payload payload, Function<byte[], byte[]> signer) {
        Payload encoded = payload.encoded();
        ByteRange body = encoded.encoding();
        return sign(command, owner, creator, packetId, date, remote, body.array(), body.offset(), body.length(),
                encoded, signer);
    }

    private static Packet sign(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            byte[] payload, int offset, int length, Payload fields, Function<byte[], byte[]> signer) {
        Packet unsigned = new Packet(command, owner, creator, packetId, date, remote, payload, offset, length, null);
        unsigned.fields = fields;
        byte[] signature = signer.apply(unsigned.signedMessage().clone());
        if (signature == null || signature.length != PacketFormat.SIGNATURE_LENGTH) {
            throw new PacketException(PacketException.Reason.MALFORMED_FIELD, "the signer did not return a "
                    + PacketFormat.SIGNATURE_LENGTH + "-byte signature");
        }
        Packet signed = new Packet(command, owner, creator, packetId, date, remote, payload, offset, length,
                signature.clone());
        signed.signedMessage = unsigned.signedMessage;
        signed.fields = unsigned.fields;
        return signed;
    }

    /**
     * Rebuilds a received packet from its decoded fields; takes ownership of the signature and refers to the payload,
     * {@code payloadLength} bytes of {@code payload} from {@code payloadOffset}.
     */
    static Packet received(Command command, IdUrl owner, IdUrl creator, String packetId, long date, IdUrl remote,
            byte[] payload, int payloadOffset, int payloadLength, byte[] signature) {
        return new Packet(command, owner, creator, packetId, date, remote, payload, payloadOffset, payloadLength,
                signature);
    }

    /**
     * Checks the signature. The hashes it covers are computed once per packet, so a second check (the gateway checks
     * every packet, a supplier checks a Data packet again with the key its contract pinned, the owner checks the Data
     * nested in a supplier's reply after the reply) costs only the Ed25519 verification.
     *
     * @param creatorKey the public signing key of {@link #creator()}, from its verified identity
     * @return whether the signature is the creator's over exactly these fields
     */
    public boolean verify(SigningPublicKey creatorKey) {
        return Signatures.verify(creatorKey, signedMessage(), signature);
    }

    /** @return what the creator signs (docs/protocol.md §2.4), computed once; not to be changed */
    byte[] signedMessage() {
        byte[] message = signedMessage;
        if (message == null) {
            message = PacketFormat.signedMessage(this);
            signedMessage = message;
        }
        return message;
    }

    /** @return what the packet asks for or answers */
    public Command command() {
        return command;
    }

    /** @return whose data the packet concerns */
    public IdUrl owner() {
        return owner;
    }

    /** @return who made and signed the packet */
    public IdUrl creator() {
        return creator;
    }

    /** @return the packet ID, which replies reuse */
    public String packetId() {
        return packetId;
    }

    /** @return the creation time, epoch milliseconds, as the creator claims it */
    public long date() {
        return date;
    }

    /** @return the recipient */
    public IdUrl remote() {
        return remote;
    }

    /** @return a copy of the payload */
    public byte[] payload() {
        return Arrays.copyOfRange(payload, payloadOffset, payloadOffset + payloadLength);
    }

    /** @return the payload as a read-only buffer, without copying it */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload, payloadOffset, payloadLength).slice().asReadOnlyBuffer();
    }

    /** @return the payload length in bytes */
    public int payloadLength() {
        return payloadLength;
    }

    /** @return a copy of the 64-byte Ed25519 signature */
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * @return the payload's fields, read from the packet's own bytes without copying them, once per packet (with the
     *     hashes of its values that checking the signature computed)
     * @throws PacketException MALFORMED_PAYLOAD when the payload is not one ({@link Payload#parse})
     */
    public Payload fields() {
        Payload read = fields;
        if (read == null) {
            read = Payload.parse(payload, payloadOffset, payloadLength);
            fields = read;
        }
        return read;
    }

    /** @return the array the payload is a range of, from {@link #payloadOffset()}: not to be changed */
    byte[] payloadArray() {
        return payload;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    byte[] signatureArray() {
        return signature;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Packet)) {
            return false;
        }
        Packet other = (Packet) o;
        return command == other.command && owner.equals(other.owner) && creator.equals(other.creator)
                && packetId.equals(other.packetId) && date == other.date && remote.equals(other.remote)
                && Arrays.equals(payload, payloadOffset, payloadOffset + payloadLength, other.payload,
                        other.payloadOffset, other.payloadOffset + other.payloadLength)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, owner, creator, packetId, date, remote, Arrays.hashCode(signature));
    }

    /** @return the fields and the payload length; never the payload */
    @Override
    public String toString() {
        return "Packet[" + command + " id=" + packetId + " owner=" + owner + " creator=" + creator + " remote="
                + remote + " date=" + date + " payload=" + payloadLength + " bytes]";
    }

    private static IdUrl checkIdUrl(IdUrl idUrl, String field) {
        String text = Objects.requireNonNull(idUrl, field).toString();
        if (text.length() > PacketFormat.MAX_IDURL_LENGTH || !text.chars().allMatch(PacketFormat::isPrintable)) {
            throw new PacketException(PacketException.Reason.MALFORMED_FIELD, "the " + field + " IDURL '" + text
                    + "' is longer than " + PacketFormat.MAX_IDURL_LENGTH + " or not printable ASCII");
        }
        return idUrl;
    }

    private static String checkPacketId(String packetId) {
        Objects.requireNonNull(packetId, "packetId");
        if (packetId.isEmpty() || packetId.length() > MAX_PACKET_ID_LENGTH
                || !packetId.chars().allMatch(PacketFormat::isPrintable)) {
            throw new PacketException(PacketException.Reason.MALFORMED_FIELD, "the packet ID '" + packetId
                    + "' must be 1 to " + MAX_PACKET_ID_LENGTH + " printable ASCII characters");
        }
        return packetId;
    }
}
