package io.bitdust.storage;

import io.bitdust.transport.packet.Payload;

/**
 * The payload of a ListFiles: asks a supplier for the objects it keeps for me whose names start with a prefix (empty:
 * all). The supplier answers with a Files packet carrying a {@link Listing} sealed to my agreement key. Fields (§3.6):
 * {@code prefix} text (empty, or a valid name).
 *
 * @param prefix the prefix, {@code ""} for every object
 */
public record ListRequest(String prefix) {
    /** @throws io.bitdust.common.BitDustException INVALID_ARGUMENT for a bad prefix */
    public ListRequest {
        if (!prefix.isEmpty()) {
            StorageProtocol.checkName(prefix);
        }
    }

    /** @return the payload */
    public byte[] toBytes() {
        return Payload.builder().text("prefix", prefix).toBytes();
    }

    /**
     * @param payload a ListFiles payload
     * @return the request
     * @throws io.bitdust.common.BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static ListRequest parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a ListFiles", "prefix");
        return new ListRequest(fields.text("prefix"));
    }
}
