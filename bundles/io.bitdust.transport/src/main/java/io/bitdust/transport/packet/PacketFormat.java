package io.bitdust.transport.packet;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Version 1 of the wire format, in one place: the constants, the header (every byte before the payload) and the
 * message the creator signs. {@code docs/protocol.md §2} describes the same bytes for peers.
 */
final class PacketFormat {
    static final byte[] MAGIC = {'B', 'D', 'P', 'K'};
    static final int VERSION = 1;
    static final int MAX_IDURL_LENGTH = IdUrl.MAX_LENGTH;
    static final int MAX_PACKET_ID_LENGTH = 128;
    static final int SIGNATURE_LENGTH = 64;
    /** The label of a signature over the whole body: a payload that is not one of fields (§2.4). */
    static final byte[] SIGNING_LABEL = "bitdust/packet/v1".getBytes(StandardCharsets.US_ASCII);
    /** The label of a signature over the header and the signed form of a payload of fields (§2.4). */
    static final byte[] FIELDS_SIGNING_LABEL = "bitdust/packet/f1".getBytes(StandardCharsets.US_ASCII);

    private static final int FIXED_HEADER_LENGTH = MAGIC.length + 1 + 1 + 2 + 2 + 2 + 8 + 2 + 4;

    private PacketFormat() {
    }

    /** @return the header of {@code packet}: magic, version, command and every field up to the payload length */
    static byte[] header(Packet packet) {
        byte[] owner = ascii(packet.owner().toString());
        byte[] creator = ascii(packet.creator().toString());
        byte[] packetId = ascii(packet.packetId());
        byte[] remote = ascii(packet.remote().toString());
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER_LENGTH + owner.length + creator.length
                + packetId.length + remote.length);
        header.put(MAGIC).put((byte) VERSION).put((byte) packet.command().code());
        putShortField(header, owner);
        putShortField(header, creator);
        putShortField(header, packetId);
        header.putLong(packet.date());
        putShortField(header, remote);
        header.putInt(packet.payloadLength());
        return header.array();
    }

    /**
     * @return the bytes the creator signs: for a payload of fields ({@link Payload}), the fields label and the SHA-256
     *     of the header and the payload's {@link Payload#signedForm() signed form}; for any other payload, the label
     *     and the SHA-256 of the header and the payload
     */
    static byte[] signedMessage(Packet packet) {
        byte[] header = header(packet);
        Hashes.Sha256 hash = Hashes.newSha256().update(header, 0, header.length);
        byte[] form = signedForm(packet);
        byte[] label = form == null ? SIGNING_LABEL : FIELDS_SIGNING_LABEL;
        if (form == null) {
            hash.update(packet.payloadArray(), packet.payloadOffset(), packet.payloadLength());
        } else {
            hash.update(form, 0, form.length);
        }
        byte[] digest = hash.digest();
        byte[] message = new byte[label.length + digest.length];
        System.arraycopy(label, 0, message, 0, label.length);
        System.arraycopy(digest, 0, message, label.length, digest.length);
        return message;
    }

    /** @return the signed form of the packet's payload of fields; null when its payload is not one */
    private static byte[] signedForm(Packet packet) {
        if (packet.payloadLength() == 0 || packet.payloadArray()[packet.payloadOffset()] != Payload.VERSION) {
            return null; // not fields (an Ack's text, say): known without the cost of a PacketException
        }
        try {
            return packet.fields().signedForm();
        } catch (PacketException notFields) {
            return null;
        }
    }

    /** @return whether {@code c} may appear in an IDURL or packet ID on the wire: printable ASCII */
    static boolean isPrintable(int c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void putShortField(ByteBuffer buffer, byte[] field) {
        buffer.putShort((short) field.length).put(field);
    }
}
