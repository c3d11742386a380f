package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.transport.packet.Payload;

/**
 * The payload of a CancelService: the customer ends its contract for a service; the supplier releases the allocation
 * and removes the customer's objects after its grace period. Fields (§3.2): {@code service} text.
 *
 * @param service the service's name, {@link StorageProtocol#SUPPLIER_SERVICE}
 */
public record ServiceCancel(String service) {
    /** @throws BitDustException INVALID_ARGUMENT for an empty name */
    public ServiceCancel {
        if (service == null || service.isEmpty()) {
            throw BitDustException.invalid("the service name is empty");
        }
    }

    /** @return the payload */
    public byte[] toBytes() {
        return Payload.builder().text("service", service).build().toBytes();
    }

    /**
     * @param payload a CancelService payload
     * @return the request
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field
     */
    public static ServiceCancel parse(byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a CancelService", "service");
        return new ServiceCancel(fields.text("service"));
    }
}
