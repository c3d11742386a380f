package io.bitdust.transport.packet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningKeyPair;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Keys, IDURLs and sample packets shared by the tests; every key and byte is fixed, so runs repeat exactly. */
final class Packets {
    static final SigningKeyPair ALICE_KEYS = keys(1);
    static final SigningKeyPair MALLORY_KEYS = keys(2);
    static final IdUrl ALICE = IdUrl.parse("http://127.0.0.1:8084/alice.json");
    static final IdUrl BOB = IdUrl.parse("http://id.example.org:8084/bob.json");
    static final IdUrl CAROL = IdUrl.parse("https://id.example.org/carol.json");
    static final long DATE = 1_700_000_000_000L;

    private Packets() {
    }

    /** @return a packet from Alice to Bob carrying {@code payload} */
    static Packet aliceToBob(Command command, String packetId, byte[] payload) {
        return Packet.sign(command, ALICE, ALICE, packetId, DATE, BOB, payload, ALICE_KEYS);
    }

    /** @return a Data packet from Alice to Bob with a {@code length}-byte pseudo-random payload */
    static Packet sample(int length) {
        return aliceToBob(Command.DATA, "alice@127.0.0.1_8084:master/0/F20240101/1-2-Data", bytes(length, length));
    }

    /** @return {@code length} pseudo-random bytes from {@code seed} */
    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** @return the US-ASCII bytes of {@code text} */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs {@code action}, expects a {@link PacketException} for {@code reason} and returns it. */
    static PacketException assertRefused(PacketException.Reason reason, Runnable action) {
        try {
            action.run();
        } catch (PacketException e) {
            assertEquals(e.getMessage(), reason, e.reason());
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            return e;
        }
        fail("expected a PacketException " + reason);
        return null;
    }

    /** Where each field of an encoded packet starts, counted independently of the codec from the field values. */
    static final class Layout {
        final int ownerLength = 6;
        final int creatorLength;
        final int packetIdLength;
        final int date;
        final int remoteLength;
        final int payloadLength;
        final int payload;
        final int signature;
        final int end;

        Layout(Packet packet) {
            creatorLength = ownerLength + 2 + packet.owner().toString().length();
            packetIdLength = creatorLength + 2 + packet.creator().toString().length();
            date = packetIdLength + 2 + packet.packetId().length();
            remoteLength = date + 8;
            payloadLength = remoteLength + 2 + packet.remote().toString().length();
            payload = payloadLength + 4;
            signature = payload + packet.payloadLength();
            end = signature + 64;
        }
    }

    private static SigningKeyPair keys(int seed) {
        byte[] privateKey = new byte[SigningKeyPair.PRIVATE_KEY_LENGTH];
        privateKey[0] = (byte) seed;
        return SigningKeyPair.fromPrivateKey(privateKey);
    }
}
