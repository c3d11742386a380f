package io.bitdust.transport.packet;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.transport.packet.PacketException.Reason;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether a received packet may be acted on: it must be addressed to this node, dated within the allowed
 * clock skew of the local clock, and signed by its creator. Immutable and thread-safe.
 */
public final class PacketValidator {
    /** The default allowed difference between a packet's date and the local clock, either way. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(10);

    private final IdUrl me;
    private final long maxSkewMillis;
    private final Clock clock;

    /**
     * @param me      this node's IDURL: packets addressed elsewhere are refused
     * @param maxSkew how far a packet's date may be from the local clock, either way
     * @param clock   the local clock
     * @throws BitDustException INVALID_ARGUMENT when {@code maxSkew} is negative
     */
    public PacketValidator(IdUrl me, Duration maxSkew, Clock clock) {
        if (maxSkew.isNegative()) {
            throw BitDustException.invalid("the allowed clock skew " + maxSkew + " is negative");
        }
        this.me = Objects.requireNonNull(me, "me");
        this.maxSkewMillis = maxSkew.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param packet     a received packet
     * @param creatorKey the public signing key of the packet's creator, from its verified identity
     * @throws PacketException WRONG_RECIPIENT, DATE_OUT_OF_WINDOW or BAD_SIGNATURE, naming what is wrong
     */
    public void check(Packet packet, SigningPublicKey creatorKey) {
        checkAddressAndDate(packet);
        if (!packet.verify(creatorKey)) {
            throw new PacketException(Reason.BAD_SIGNATURE, packet.command() + " " + packet.packetId()
                    + " from " + packet.creator() + " is not signed by the creator's key " + creatorKey);
        }
    }

    /**
     * The cheap checks, which need no identity: run them before fetching the creator's.
     *
     * @param packet a received packet
     * @throws PacketException WRONG_RECIPIENT or DATE_OUT_OF_WINDOW, naming what is wrong
     */
    public void checkAddressAndDate(Packet packet) {
        if (!packet.remote().equals(me)) {
            throw new PacketException(Reason.WRONG_RECIPIENT, packet.command() + " " + packet.packetId()
                    + " from " + packet.creator() + " is addressed to " + packet.remote() + ", not to " + me);
        }
        long now = clock.millis();
        // the distance between any two longs fits in 64 unsigned bits, so extreme dates cannot wrap into the window
        long distance = packet.date() >= now ? packet.date() - now : now - packet.date();
        if (Long.compareUnsigned(distance, maxSkewMillis) > 0) {
            throw new PacketException(Reason.DATE_OUT_OF_WINDOW, packet.command() + " " + packet.packetId()
                    + " from " + packet.creator() + " is dated " + packet.date() + ", more than " + maxSkewMillis
                    + " ms from the local time " + now);
        }
    }
}
