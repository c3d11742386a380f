package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;

/**
 * The payload of a Retrieve: asks a supplier for the stored Data packet of a name. The supplier answers with a Data
 * packet whose payload has one field, {@code packet}, nesting the stored packet (§3.4), or Fail. Fields:
 * {@code name} text.
 *
 * @param name the object's name
 */
public record RetrieveRequest(String name) {
    /** The field of the answer that nests the stored packet. */
    public static final String ANSWER_FIELD = "packet";
    /**
     * Where the stored packet starts in the answer's payload, its only field: a supplier reads the stored packet there
     * and writes the payload around it ({@link Payload.Builder#packet(String, byte[], int, int, PacketCodec,
     * java.util.Map)}).
     */
    public static final int ANSWER_OFFSET = Payload.parse(Payload.builder().bytes(ANSWER_FIELD, new byte[0]).toBytes())
            .range(ANSWER_FIELD).orElseThrow().offset();

    /** @throws BitDustException INVALID_ARGUMENT for a bad name */
    public RetrieveRequest {
        StorageProtocol.checkName(name);
    }

    /**
     * Reads a supplier's answer to this request and checks it: a Data answer nesting a Data packet of mine (owner and
     * creator me, signed with my key) whose object has the name asked for. Anything else is what a faulty or hostile
     * supplier sends, and the caller treats the object as missing there.
     *
     * @param answer the supplier's answer
     * @param me     my IDURL
     * @param myKey  my signing key
     * @param codec  decodes the nested packet (its payload limit is the nested packet's own)
     * @return the object
     * @throws BitDustException NOT_FOUND when the supplier answered Fail (its reason quoted); INVALID_ARGUMENT naming
     *     what is wrong with any other answer
     */
    public StoredData open(Packet answer, IdUrl me, SigningPublicKey myKey, PacketCodec codec) {
        return new StoredData(name, openData(answer, me, myKey, codec).copy());
    }

    /**
     * As {@link #open}, checked alike, giving the object's data where it lies in the answer (nothing copied: a
     * fragment is several MB).
     *
     * @param answer the supplier's answer
     * @param me     my IDURL
     * @param myKey  my signing key
     * @param codec  decodes the nested packet
     * @return the object's data, a range of the answer's payload: do not change the bytes
     * @throws BitDustException as {@link #open}
     */
    public ByteRange openData(Packet answer, IdUrl me, SigningPublicKey myKey, PacketCodec codec) {
        if (answer.command() == Command.FAIL) {
            throw BitDustException.notFound(name + " not served: "
                    + StorageProtocol.printable(new String(answer.payload(), StandardCharsets.UTF_8)));
        }
        if (answer.command() != Command.DATA) {
            throw BitDustException.invalid("a Retrieve of " + name + " was answered " + answer.command());
        }
        Packet stored;
        try {
            stored = answer.fields().packet(ANSWER_FIELD, codec, me, creator -> myKey);
        } catch (RuntimeException e) {
            throw BitDustException.invalid("the answer to a Retrieve of " + name + " nests no packet of mine: "
                    + e.getMessage());
        }
        if (stored.command() != Command.DATA || !stored.creator().equals(me)) {
            throw BitDustException.invalid("the answer to a Retrieve of " + name + " nests a " + stored.command()
                    + " packet created by " + stored.creator());
        }
        String objectName = StoredData.name(stored);
        if (!objectName.equals(name)) {
            throw BitDustException.invalid("a Retrieve of " + name + " was answered with the object "
                    + StorageProtocol.printable(objectName));
        }
        return StoredData.data(stored);
    }

    /** @return the payload */
    public byte[] toBytes() {
        return Payload.builder().text("name", name).toBytes();
    }

    /**
     * @param payload a Retrieve payload
     * @return the request
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static RetrieveRequest parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a Retrieve", "name");
        return new RetrieveRequest(fields.text("name"));
    }
}
