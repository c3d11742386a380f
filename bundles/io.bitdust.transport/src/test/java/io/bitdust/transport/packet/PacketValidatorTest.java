package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE;
import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static io.bitdust.transport.packet.Packets.BOB;
import static io.bitdust.transport.packet.Packets.CAROL;
import static io.bitdust.transport.packet.Packets.DATE;
import static io.bitdust.transport.packet.Packets.MALLORY_KEYS;
import static io.bitdust.transport.packet.Packets.assertRefused;
import static org.junit.Assert.assertEquals;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.transport.packet.PacketException.Reason;
import org.junit.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

public class PacketValidatorTest {
    private static final Duration SKEW = Duration.ofMinutes(5);
    private final PacketValidator bob = new PacketValidator(BOB, SKEW, clockAt(DATE));

    @Test
    public void aPacketForMeInTimeAndSignedIsAccepted() {
        bob.check(Packets.sample(10), ALICE_KEYS.publicKey());
        bob.check(dated(DATE - SKEW.toMillis()), ALICE_KEYS.publicKey());
        bob.check(dated(DATE + SKEW.toMillis()), ALICE_KEYS.publicKey());
    }

    @Test
    public void aPacketForSomeoneElseIsRefused() {
        PacketValidator carol = new PacketValidator(CAROL, SKEW, clockAt(DATE));
        PacketException e = assertRefused(Reason.WRONG_RECIPIENT,
                () -> carol.check(Packets.aliceToBob(Command.RETRIEVE, "r1", new byte[0]), ALICE_KEYS.publicKey()));
        assertEquals("RETRIEVE r1 from " + ALICE + " is addressed to " + BOB + ", not to " + CAROL, e.getMessage());
    }

    @Test
    public void aPacketDatedOutsideTheWindowIsRefused() {
        for (long date : new long[] {DATE - SKEW.toMillis() - 1, DATE + SKEW.toMillis() + 1, 0, -1,
                Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertRefused(Reason.DATE_OUT_OF_WINDOW, () -> bob.check(dated(date), ALICE_KEYS.publicKey()));
        }
    }

    @Test
    public void aPacketNotSignedByTheCreatorIsRefused() {
        Packet forged = Packet.sign(Command.DATA, ALICE, ALICE, "f1", DATE, BOB, new byte[3], MALLORY_KEYS);
        PacketException e = assertRefused(Reason.BAD_SIGNATURE, () -> bob.check(forged, ALICE_KEYS.publicKey()));
        assertEquals("DATA f1 from " + ALICE + " is not signed by the creator's key " + ALICE_KEYS.publicKey(),
                e.getMessage());
    }

    @Test
    public void aNegativeSkewIsRefused() {
        try {
            new PacketValidator(BOB, Duration.ofMillis(-1), Clock.systemUTC());
            throw new AssertionError("accepted a negative skew");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }

    private static Packet dated(long date) {
        return Packet.sign(Command.IDENTITY, ALICE, ALICE, "ping", date, BOB, new byte[0], ALICE_KEYS);
    }

    private static Clock clockAt(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
