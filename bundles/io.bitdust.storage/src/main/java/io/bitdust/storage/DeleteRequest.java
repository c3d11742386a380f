package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.transport.packet.Payload;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of a DeleteFile (names of items) or a DeleteBackup (backup IDs): each name deletes the object of that
 * name and every object whose name starts with the name and a slash ({@code 0/1} deletes {@code 0/1/F2026.../0-1-Data}).
 * Objects stored after the request was signed are kept. Fields (§3.5): {@code names} text, the names joined by line
 * feeds, 1 to {@link StorageProtocol#MAX_NAMES}.
 *
 * @param names what to delete
 */
public record DeleteRequest(List<String> names) {
    /** @throws BitDustException INVALID_ARGUMENT for no names, too many, or a bad one */
    public DeleteRequest {
        names = List.copyOf(names);
        if (names.isEmpty() || names.size() > StorageProtocol.MAX_NAMES) {
            throw BitDustException.invalid("a delete names 1 to " + StorageProtocol.MAX_NAMES + " objects, got "
                    + names.size());
        }
        names.forEach(StorageProtocol::checkName);
    }

    /**
     * @param name an object's name
     * @return whether this request deletes it
     */
    public boolean covers(String name) {
        for (String prefix : names) {
            if (name.equals(prefix)
                    || name.length() > prefix.length() && name.startsWith(prefix) && name.charAt(prefix.length()) == '/') {
                return true;
            }
        }
        return false;
    }

    /** @return the payload */
    public byte[] toBytes() {
        return Payload.builder().text("names", String.join("\n", names)).toBytes();
    }

    /**
     * @param payload a DeleteFile or DeleteBackup payload
     * @return the request
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static DeleteRequest parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a delete", "names");
        return new DeleteRequest(Arrays.asList(fields.text("names").split("\n", -1)));
    }
}
