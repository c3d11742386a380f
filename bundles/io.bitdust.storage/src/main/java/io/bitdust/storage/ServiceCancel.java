package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.transport.packet.Payload;
import java.util.Optional;

/**
 * The payload of a CancelService, which ends a contract from either side. Its service is the role the recipient plays
 * in the contract: {@link StorageProtocol#SUPPLIER_SERVICE} when a customer ends its contract at its supplier (which
 * releases the allocation and removes the objects after its grace period), {@link StorageProtocol#CUSTOMER_SERVICE}
 * when a supplier ends it at its customer (which hires someone else). Fields (§3.2): {@code service} text.
 *
 * @param service the service's name
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
        return Payload.builder().text("service", service).toBytes();
    }

    /**
     * Reads the service of a CancelService payload without failing, for a handler that decides whether a packet is
     * its own ({@link io.bitdust.transport.PacketHandler#accepts}).
     *
     * @param payload a payload
     * @return its service, or empty when it is not a CancelService payload
     */
    public static Optional<String> serviceOf(byte[] payload) {
        try {
            return Optional.of(parse(payload).service());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
