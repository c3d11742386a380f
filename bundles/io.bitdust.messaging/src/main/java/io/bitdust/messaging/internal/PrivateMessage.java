package io.bitdust.messaging.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.messaging.MessagingService;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One private message and its bytes (docs/protocol.md §4). The payload of a Message packet is a payload of one field,
 * {@value #SEALED}: a sealed box to the recipient's agreement key of the plaintext, itself a payload of the fields
 * {@code body}, {@code date}, {@code id}, {@code recipient}, {@code recipient-key}, {@code sender}, {@code sender-key}
 * and {@code signature}: the sender's Ed25519 signature over {@link #LABEL} followed by the payload of the other seven
 * fields ({@link #content()}). Immutable. Public for the multi-node tests, which forge messages.
 *
 * @param sender       the sender's IDURL: the Message packet's creator
 * @param senderKey    the sender's signing key, as its identity holds it
 * @param recipient    the recipient's IDURL: the Message packet's recipient
 * @param recipientKey the recipient's agreement key, the one the plaintext is sealed to
 * @param id           the message ID: 32 lower-case hexadecimal digits, chosen at random by the sender
 * @param date         when the sender wrote it, epoch milliseconds
 * @param body         the text, 1 to {@link MessagingService#MAX_BODY_BYTES} bytes of UTF-8
 */
public record PrivateMessage(IdUrl sender, SigningPublicKey senderKey, IdUrl recipient, AgreementPublicKey recipientKey,
        String id, long date, String body) {
    /** What the signature covers before the content. */
    static final byte[] LABEL = "bitdust/message/v1\n".getBytes(StandardCharsets.US_ASCII);
    /** The one field of a Message packet's payload. */
    static final String SEALED = "sealed";
    /** The fields of the plaintext. */
    static final Set<String> FIELDS = Set.of("body", "date", "id", "recipient", "recipient-key", "sender",
            "sender-key", "signature");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    /** @throws BitDustException INVALID_ARGUMENT naming the first wrong field */
    public PrivateMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderKey, "sender-key");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(recipientKey, "recipient-key");
        if (id == null || !ID.matcher(id).matches()) {
            throw BitDustException.invalid("field 'id' is not 32 lower-case hexadecimal digits");
        }
        if (date < 0) {
            throw BitDustException.invalid("field 'date' is " + date + ", not 0 or more");
        }
        checkBody(body);
    }

    /**
     * @param body a message's text
     * @return the text
     * @throws BitDustException INVALID_ARGUMENT when it is empty or longer than the limit, saying so
     */
    static String checkBody(String body) {
        if (body == null || body.isEmpty()) {
            throw BitDustException.invalid("the message body is empty");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MessagingService.MAX_BODY_BYTES) {
            throw BitDustException.invalid("the message body has " + bytes + " bytes of UTF-8, more than the limit of "
                    + MessagingService.MAX_BODY_BYTES);
        }
        return body;
    }

    /** @return the payload of the seven signed fields, without the signature */
    public byte[] content() {
        return fields().toBytes();
    }

    /** @return what the sender signs: {@link #LABEL} and {@link #content()} */
    public byte[] signed() {
        byte[] content = content();
        byte[] signed = Arrays.copyOf(LABEL, LABEL.length + content.length);
        System.arraycopy(content, 0, signed, LABEL.length, content.length);
        return signed;
    }

    /**
     * @param signer signs with the sender's key
     * @return the plaintext: the signed fields and the signature
     */
    public byte[] plaintext(Function<byte[], byte[]> signer) {
        return fields().bytes("signature", signer.apply(signed())).toBytes();
    }

    /**
     * @param signer signs with the sender's key
     * @param random for the seal
     * @return the Message packet's payload
     */
    public byte[] seal(Function<byte[], byte[]> signer, SecureRandom random) {
        return Payload.builder().bytes(SEALED, SealedBox.seal(recipientKey, plaintext(signer), random)).toBytes();
    }

    /**
     * @param signature a signature of {@link #signed()}
     * @return whether it is the sender's, by {@link #senderKey()}
     */
    public boolean verify(byte[] signature) {
        return Signatures.verify(senderKey, signed(), signature);
    }

    /** A message read from a payload, with the signature it came with (not checked yet). */
    record Opened(PrivateMessage message, byte[] signature) {
    }

    /**
     * Reads a Message packet's payload.
     *
     * @param payload the payload
     * @param unseal  opens a sealed box with my agreement key, throwing when it cannot
     * @return the message and its signature, not verified
     * @throws Refusal {@code malformed} naming what is wrong, {@code not-sealed-to-me} when the box does not open
     */
    static Opened open(byte[] payload, UnaryOperator<byte[]> unseal) {
        byte[] box;
        try {
            Payload outer = Payload.parse(payload);
            if (!outer.names().equals(Set.of(SEALED))) {
                throw new Refusal("malformed", "a Message payload has fields " + outer.names() + ", expected ["
                        + SEALED + "]");
            }
            box = outer.bytes(SEALED).orElseThrow();
        } catch (RuntimeException e) {
            throw e instanceof Refusal ? (Refusal) e : new Refusal("malformed", e.getMessage());
        }
        byte[] plaintext;
        try {
            plaintext = unseal.apply(box);
        } catch (RuntimeException e) {
            throw new Refusal("not-sealed-to-me", "the message is not sealed to my key: " + e.getMessage());
        }
        try {
            return parse(plaintext);
        } catch (RuntimeException e) {
            throw new Refusal("malformed", "malformed message: " + e.getMessage());
        }
    }

    /**
     * @param plaintext the plaintext of a sealed message
     * @return the message and its signature
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong field; a PacketException when it is not a
     *     payload at all
     */
    static Opened parse(byte[] plaintext) {
        Payload fields = Payload.parse(plaintext);
        if (!fields.names().equals(FIELDS)) {
            throw BitDustException.invalid("a message has fields " + fields.names() + ", expected "
                    + new TreeSet<>(FIELDS));
        }
        String dateText = fields.text("date");
        long date;
        try {
            date = Long.parseLong(dateText);
        } catch (NumberFormatException e) {
            date = -1;
        }
        if (date < 0 || !dateText.equals(Long.toString(date))) {
            throw BitDustException.invalid("field 'date' is not a whole number 0 or more in canonical decimal");
        }
        byte[] signature = fields.bytes("signature").orElseThrow();
        if (signature.length != Signatures.LENGTH) {
            throw BitDustException.invalid("field 'signature' has " + signature.length + " bytes, not "
                    + Signatures.LENGTH);
        }
        PrivateMessage message = new PrivateMessage(idurl(fields, "sender"),
                SigningPublicKey.of(key(fields, "sender-key", SigningPublicKey.LENGTH)), idurl(fields, "recipient"),
                AgreementPublicKey.of(key(fields, "recipient-key", AgreementPublicKey.LENGTH)), fields.text("id"), date,
                fields.text("body"));
        return new Opened(message, signature);
    }

    private Payload.Builder fields() {
        return Payload.builder().text("body", body).text("date", Long.toString(date)).text("id", id)
                .text("recipient", recipient.toString()).bytes("recipient-key", recipientKey.bytes())
                .text("sender", sender.toString()).bytes("sender-key", senderKey.bytes());
    }

    private static IdUrl idurl(Payload fields, String name) {
        try {
            return IdUrl.parse(fields.text(name));
        } catch (BitDustException e) {
            throw BitDustException.invalid("field '" + name + "': " + e.getMessage());
        }
    }

    private static byte[] key(Payload fields, String name, int length) {
        byte[] key = fields.bytes(name).orElseThrow();
        if (key.length != length) {
            throw BitDustException.invalid("field '" + name + "' has " + key.length + " bytes, not " + length);
        }
        return key;
    }
}
