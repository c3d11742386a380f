package io.bitdust.storage;

import io.bitdust.transport.packet.Payload;

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

    /** @throws io.bitdust.common.BitDustException INVALID_ARGUMENT for a bad name */
    public RetrieveRequest {
        StorageProtocol.checkName(name);
    }

    /** @return the payload */
    public byte[] toBytes() {
        return Payload.builder().text("name", name).build().toBytes();
    }

    /**
     * @param payload a Retrieve payload
     * @return the request
     * @throws io.bitdust.common.BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static RetrieveRequest parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a Retrieve", "name");
        return new RetrieveRequest(fields.text("name"));
    }
}
