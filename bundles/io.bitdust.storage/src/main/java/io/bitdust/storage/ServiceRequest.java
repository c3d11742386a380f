package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.raid.EccMap;
import io.bitdust.transport.packet.Payload;

/**
 * The payload of a RequestService: a customer asks for a service, for the supplier service with the bytes it needs
 * at this supplier, the ECC map of its family of suppliers and the position this supplier takes in it. Fields
 * (§3.1): {@code service} text, {@code bytes} text (decimal, 1 or more), {@code ecc} text (e.g. {@code ecc/4x4}),
 * {@code position} text (decimal, 0 to N-1).
 *
 * @param service  the service's name, {@link StorageProtocol#SUPPLIER_SERVICE}
 * @param bytes    the space to allocate
 * @param ecc      the customer's ECC map
 * @param position the supplier's position in it
 */
public record ServiceRequest(String service, long bytes, EccMap ecc, int position) {
    /** @throws BitDustException INVALID_ARGUMENT for a position outside the map or bytes below 1 */
    public ServiceRequest {
        if (service == null || service.isEmpty()) {
            throw BitDustException.invalid("the service name is empty");
        }
        if (bytes < 1) {
            throw BitDustException.invalid("the needed bytes must be 1 or more, got " + bytes);
        }
        if (position < 0 || position >= ecc.dataShards()) {
            throw BitDustException.invalid("position " + position + " does not exist in " + ecc.name());
        }
    }

    /** @return the payload */
    public byte[] toBytes() {
        return Payload.builder().text("service", service).text("bytes", Long.toString(bytes))
                .text("ecc", ecc.name()).text("position", Integer.toString(position)).toBytes();
    }

    /**
     * @param payload a RequestService payload
     * @return the request
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field;
     *     {@link io.bitdust.transport.packet.PacketException} when it is not a payload at all
     */
    public static ServiceRequest parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a RequestService", "service", "bytes", "ecc", "position");
        EccMap ecc = EccMap.parse(fields.text("ecc"));
        return new ServiceRequest(fields.text("service"), StorageProtocol.number(fields, "bytes", 1, Long.MAX_VALUE),
                ecc, (int) StorageProtocol.number(fields, "position", 0, ecc.dataShards() - 1));
    }
}
