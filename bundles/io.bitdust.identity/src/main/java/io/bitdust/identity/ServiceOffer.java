package io.bitdust.identity;

import io.bitdust.common.BitDustException;

/**
 * What an identity says about one service its node offers: whether it is enabled and how many bytes it offers
 * ({@code 0} for services that store nothing). Immutable.
 */
public final class ServiceOffer {
    /** An offer that is switched off. */
    public static final ServiceOffer DISABLED = new ServiceOffer(false, 0);

    private final boolean enabled;
    private final long freeBytes;

    private ServiceOffer(boolean enabled, long freeBytes) {
        this.enabled = enabled;
        this.freeBytes = freeBytes;
    }

    /**
     * @param enabled   whether the node accepts requests for the service
     * @param freeBytes the space offered, {@code 0} or more
     * @return the offer
     * @throws BitDustException INVALID_ARGUMENT when {@code freeBytes} is negative
     */
    public static ServiceOffer of(boolean enabled, long freeBytes) {
        if (freeBytes < 0) {
            throw BitDustException.invalid("free bytes must be 0 or more, got " + freeBytes);
        }
        return new ServiceOffer(enabled, freeBytes);
    }

    /** @return whether the node accepts requests for the service */
    public boolean enabled() {
        return enabled;
    }

    /** @return the space offered in bytes */
    public long freeBytes() {
        return freeBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceOffer && ((ServiceOffer) o).enabled == enabled
                && ((ServiceOffer) o).freeBytes == freeBytes;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(enabled) * 31 + Long.hashCode(freeBytes);
    }

    @Override
    public String toString() {
        return (enabled ? "enabled, " : "disabled, ") + freeBytes + " bytes free";
    }
}
