package io.bitdust.messaging.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.junit.Test;

public class PrivateMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    // docs/protocol.md §4.3: the keys of the example, from these private keys
    private static final SigningKeyPair ALICE = SigningKeyPair.fromPrivateKey(HEX.parseHex(
            "0101010101010101010101010101010101010101010101010101010101010101"));
    private static final AgreementKeyPair BOB = AgreementKeyPair.fromPrivateKey(HEX.parseHex(
            "0202020202020202020202020202020202020202020202020202020202020202"));
    private static final PrivateMessage EXAMPLE = new PrivateMessage(IdUrl.parse("http://id.example.org/alice.json"),
            ALICE.publicKey(), IdUrl.parse("http://id.example.org/bob.json"), BOB.publicKey(),
            "00112233445566778899aabbccddeeff", 1767225600000L, "Hi Bob!");
    private static final String SIGNATURE = "8a6549c5bb0d4e57347700e37f73373cad3af665b49c22e573f6ae527f30f255"
            + "6ae0b7411eee0001e9b3b907c4047de76a0817c4eebeed3879fec22dc52c520b";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    public void theExampleOfTheProtocolIsByteExact() {
        String senderKey = HEX.formatHex(ALICE.publicKey().bytes());
        String recipientKey = HEX.formatHex(BOB.publicKey().bytes());
        assertEquals("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c", senderKey);
        assertEquals("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59", recipientKey);
        String content = "0107"
                + "04" + hex("body") + "01" + "00000007" + hex("Hi Bob!")
                + "04" + hex("date") + "01" + "0000000d" + hex("1767225600000")
                + "02" + hex("id") + "01" + "00000020" + hex("00112233445566778899aabbccddeeff")
                + "09" + hex("recipient") + "01" + "0000001e" + hex("http://id.example.org/bob.json")
                + "0d" + hex("recipient-key") + "00" + "00000020" + recipientKey
                + "06" + hex("sender") + "01" + "00000020" + hex("http://id.example.org/alice.json")
                + "0a" + hex("sender-key") + "00" + "00000020" + senderKey;
        assertEquals(content, HEX.formatHex(EXAMPLE.content()));
        assertEquals(hex("bitdust/message/v1\n") + content, HEX.formatHex(EXAMPLE.signed()));

        byte[] signature = Signatures.sign(ALICE, EXAMPLE.signed());
        assertEquals("Ed25519 is deterministic: the example's signature", SIGNATURE, HEX.formatHex(signature));
        String plaintext = "0108" + content.substring(4)
                + "09" + hex("signature") + "00" + "00000040" + SIGNATURE;
        assertEquals(plaintext, HEX.formatHex(EXAMPLE.plaintext(message -> Signatures.sign(ALICE, message))));

        PrivateMessage.Opened opened = PrivateMessage.parse(HEX.parseHex(plaintext));
        assertEquals(EXAMPLE, opened.message());
        assertTrue(opened.message().verify(opened.signature()));
    }

    @Test
    public void aSealedMessageOpensOnlyWithTheRecipientsKey() {
        byte[] payload = EXAMPLE.seal(message -> Signatures.sign(ALICE, message), RANDOM);
        Payload outer = Payload.parse(payload);
        assertEquals(java.util.Set.of("sealed"), outer.names());
        byte[] box = outer.bytes("sealed").orElseThrow();
        assertEquals(SealedBox.OVERHEAD + EXAMPLE.plaintext(message -> Signatures.sign(ALICE, message)).length,
                box.length);

        PrivateMessage.Opened opened = PrivateMessage.open(payload, sealed -> SealedBox.open(BOB, sealed));
        assertEquals(EXAMPLE, opened.message());
        assertTrue(opened.message().verify(opened.signature()));

        AgreementKeyPair carol = AgreementKeyPair.generate(RANDOM);
        refused("not-sealed-to-me", payload, sealed -> SealedBox.open(carol, sealed));
    }

    @Test
    public void malformedPayloadsAreRefusedNamingWhatIsWrong() {
        UnaryOperator<byte[]> open = sealed -> SealedBox.open(BOB, sealed);
        assertTrue(refused("malformed", new byte[] {7}, open).contains("version"));
        assertTrue(refused("malformed", Payload.builder().bytes("sealed", new byte[1]).text("x", "y").build()
                .toBytes(), open).contains("expected [sealed]"));
        byte[] signature = Signatures.sign(ALICE, EXAMPLE.signed());

        assertTrue(refused("malformed", seal(plaintext(signature, "id", "not-hex")), open).contains("'id'"));
        assertTrue(refused("malformed", seal(plaintext(signature, "date", "01")), open).contains("'date'"));
        assertTrue(refused("malformed", seal(plaintext(signature, "body", "")), open).contains("empty"));
        assertTrue(refused("malformed", seal(plaintext(signature, "sender", "alice")), open).contains("'sender'"));
        assertTrue(refused("malformed", seal(plaintext(Arrays.copyOf(signature, 10), null, null)), open)
                .contains("'signature'"));
        byte[] extra = Payload.builder().text("body", "x").text("extra", "y").build().toBytes();
        assertTrue(refused("malformed", seal(extra), open).contains("expected"));
    }

    @Test
    public void aChangedFieldBreaksTheSignature() {
        byte[] signature = Signatures.sign(ALICE, EXAMPLE.signed());
        for (String[] change : new String[][] {{"body", "Hi Bob?"}, {"date", "1767225600001"},
            {"id", "00112233445566778899aabbccddeef0"}, {"recipient", "http://id.example.org/carol.json"},
            {"sender", "http://id.example.org/mallory.json"}}) {
            PrivateMessage.Opened opened = PrivateMessage.parse(plaintext(signature, change[0], change[1]));
            assertFalse(change[0] + " changed", opened.message().verify(opened.signature()));
        }
        PrivateMessage otherKey = new PrivateMessage(EXAMPLE.sender(), EXAMPLE.senderKey(), EXAMPLE.recipient(),
                AgreementKeyPair.generate(RANDOM).publicKey(), EXAMPLE.id(), EXAMPLE.date(), EXAMPLE.body());
        assertFalse("the recipient's key changed", otherKey.verify(signature));
        PrivateMessage otherSender = new PrivateMessage(EXAMPLE.sender(), SigningKeyPair.generate(RANDOM).publicKey(),
                EXAMPLE.recipient(), EXAMPLE.recipientKey(), EXAMPLE.id(), EXAMPLE.date(), EXAMPLE.body());
        assertFalse("the sender's key changed", otherSender.verify(signature));
    }

    @Test
    public void anEmptyOrOversizedBodyIsRefusedSayingTheLimit() {
        assertEquals("the message body is empty", invalid(""));
        assertEquals("the message body has 16385 bytes of UTF-8, more than the limit of 16384",
                invalid("x".repeat(16_385)));
        assertEquals("the message body has 16386 bytes of UTF-8, more than the limit of 16384",
                invalid("\u00e9".repeat(8_193)));
        assertEquals(16_384, PrivateMessage.checkBody("x".repeat(16_384)).length());
    }

    private static String invalid(String body) {
        try {
            PrivateMessage.checkBody(body);
            fail("accepted");
            return null;
        } catch (BitDustException e) {
            return e.getMessage();
        }
    }

    /** The example's plaintext with one text field replaced (none when {@code field} is null). */
    private static byte[] plaintext(byte[] signature, String field, String value) {
        Payload.Builder builder = Payload.builder();
        String[][] texts = {{"body", EXAMPLE.body()}, {"date", Long.toString(EXAMPLE.date())}, {"id", EXAMPLE.id()},
            {"recipient", EXAMPLE.recipient().toString()}, {"sender", EXAMPLE.sender().toString()}};
        for (String[] text : texts) {
            builder.text(text[0], text[0].equals(field) ? value : text[1]);
        }
        return builder.bytes("recipient-key", EXAMPLE.recipientKey().bytes())
                .bytes("sender-key", EXAMPLE.senderKey().bytes()).bytes("signature", signature).build().toBytes();
    }

    private static byte[] seal(byte[] plaintext) {
        return Payload.builder().bytes("sealed", SealedBox.seal(BOB.publicKey(), plaintext, RANDOM)).build().toBytes();
    }

    private static String refused(String reason, byte[] payload, UnaryOperator<byte[]> open) {
        try {
            PrivateMessage.open(payload, open);
            fail("opened");
            return null;
        } catch (Refusal refusal) {
            assertEquals(refusal.getMessage(), reason, refusal.reason());
            return refusal.getMessage();
        }
    }

    private static String hex(String text) {
        return HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void theSignatureCoversTheLabel() {
        byte[] withoutLabel = Signatures.sign(ALICE, EXAMPLE.content());
        assertFalse(EXAMPLE.verify(withoutLabel));
        assertArrayEquals(Arrays.copyOf(EXAMPLE.signed(), PrivateMessage.LABEL.length), PrivateMessage.LABEL);
    }
}
