package io.bitdust.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A recovery record: what a node keeps on the identity servers of its IDURLs so that, after losing everything but its
 * keys, it finds its suppliers again (docs/protocol.md §1.6). The content is opaque here: it is sealed to the node's
 * own agreement key before it gets here. The wire form is JSON ({@code application/json}, at most
 * {@value #MAX_SIZE} bytes), an object with exactly these members:
 *
 * <pre>{@code
 * {"date":"2026-12-03T14:00:00Z","format":"bitdust/recovery-record/v1","name":"alice","revision":1764770400000,
 *  "sealed":"<sealed box, base64url>","signature":"<64 bytes, base64url>"}
 * }</pre>
 *
 * <p>The signature is the Ed25519 signature, by the signing key of the identity {@code name}, of the UTF-8 bytes of
 * {@value #DOMAIN_LABEL_TEXT} followed by the canonical JSON (as for {@link Identity}) of the record without its
 * {@code signature} member. {@link #parse} checks the form only; {@link #verify} checks the signature with a key the
 * caller trusts. Immutable and thread-safe.
 */
public final class RecoveryRecord {
    /** The value of the member {@code format}. */
    public static final String FORMAT = "bitdust/recovery-record/v1";
    /** The text signed before the canonical JSON: it binds the signature to this record type and version. */
    public static final String DOMAIN_LABEL_TEXT = FORMAT + "\n";
    /** The largest record accepted, in bytes. */
    public static final int MAX_SIZE = 64 * 1024;
    /** The largest sealed content a record may carry, in bytes: its base64url text still fits {@link #MAX_SIZE}. */
    public static final int MAX_SEALED = 40 * 1024;

    private static final String FORMAT_MEMBER = "format";
    private static final String NAME = "name";
    private static final String REVISION = "revision";
    private static final String DATE = "date";
    private static final String SEALED = "sealed";
    private static final String SIGNATURE = "signature";
    private static final Set<String> MEMBERS = Set.of(FORMAT_MEMBER, NAME, REVISION, DATE, SEALED, SIGNATURE);
    private static final Pattern DATE_FORMAT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String name;
    private final long revision;
    private final Instant date;
    private final byte[] sealed;
    private final byte[] signature;
    private final byte[] signed;
    private final byte[] json;

    private RecoveryRecord(ObjectNode record) {
        checkMembers(record);
        if (!FORMAT.equals(text(record, FORMAT_MEMBER))) {
            throw refused("'" + FORMAT_MEMBER + "' must be '" + FORMAT + "', got '" + text(record, FORMAT_MEMBER)
                    + "'");
        }
        this.name = text(record, NAME);
        if (!IdUrl.isValidName(name)) {
            throw refused("'" + NAME + "' must be a user name (3 to 32 of a-z, 0-9, _ and -), got '" + name + "'");
        }
        JsonNode number = record.get(REVISION);
        if (!number.isIntegralNumber() || !number.canConvertToLong() || number.longValue() < 1) {
            throw refused("'" + REVISION + "' must be an integer of at least 1, got " + number);
        }
        this.revision = number.longValue();
        this.date = date(text(record, DATE));
        this.sealed = base64(record, SEALED, 1, MAX_SEALED);
        this.signature = base64(record, SIGNATURE, Signatures.LENGTH, Signatures.LENGTH);
        ObjectNode unsigned = record.deepCopy();
        unsigned.remove(SIGNATURE);
        this.signed = CanonicalJson.encode(DOMAIN_LABEL_TEXT, unsigned);
        this.json = CanonicalJson.encode("", record);
    }

    /**
     * Reads a record received from elsewhere and checks its form: size, JSON syntax, every member. The signature is
     * not checked: see {@link #verify}.
     *
     * @param record the JSON bytes
     * @return the record
     * @throws BitDustException INVALID_ARGUMENT naming what is wrong: too large, not JSON, a missing, unknown or
     *     malformed member
     */
    public static RecoveryRecord parse(byte[] record) {
        if (record.length > MAX_SIZE) {
            throw refused("the record has " + record.length + " bytes, more than " + MAX_SIZE);
        }
        JsonNode root;
        try {
            root = READER.readTree(record);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw refused("not valid JSON: " + (message.contains("\n") ? message.substring(0, message.indexOf('\n'))
                    : message));
        }
        if (root == null || !root.isObject()) {
            throw refused("the record must be a JSON object");
        }
        return new RecoveryRecord((ObjectNode) root);
    }

    /**
     * Makes and signs a record.
     *
     * @param name     the user name of the identity the record belongs to (the name of its IDURLs)
     * @param revision the revision, at least 1; a server keeps only a strictly higher one than it holds
     * @param date     when it is made; kept to the second
     * @param sealed   the content, sealed to the owner's agreement key; 1 to {@value #MAX_SEALED} bytes
     * @param signer   signs with the identity's signing key, e.g. {@code KeyRing::sign}
     * @return the signed record
     * @throws BitDustException INVALID_ARGUMENT for a bad name, a revision below 1 or sealed content of a bad size
     */
    public static RecoveryRecord sign(String name, long revision, Instant date, byte[] sealed,
            Function<byte[], byte[]> signer) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put(DATE, date.truncatedTo(ChronoUnit.SECONDS).toString());
        record.put(FORMAT_MEMBER, FORMAT);
        record.put(NAME, name);
        record.put(REVISION, revision);
        record.put(SEALED, Base64.getUrlEncoder().withoutPadding().encodeToString(sealed));
        byte[] signature = signer.apply(CanonicalJson.encode(DOMAIN_LABEL_TEXT, record));
        record.put(SIGNATURE, Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        return new RecoveryRecord(record);
    }

    /**
     * @param key the signing key of the identity {@link #name()}, as the verifier knows it
     * @return whether the signature verifies with it
     */
    public boolean verify(SigningPublicKey key) {
        return Signatures.verify(key, signed, signature);
    }

    /** @return the user name of the identity the record belongs to */
    public String name() {
        return name;
    }

    /** @return the revision, at least 1 */
    public long revision() {
        return revision;
    }

    /** @return when the record was made, to the second */
    public Instant date() {
        return date;
    }

    /** @return a copy of the sealed content */
    public byte[] sealed() {
        return sealed.clone();
    }

    /** @return the record in canonical JSON, signature included, as sent and stored */
    public byte[] toJson() {
        return json.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryRecord && Arrays.equals(json, ((RecoveryRecord) o).json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "RecoveryRecord[" + name + ", revision " + revision + "]";
    }

    private static void checkMembers(ObjectNode record) {
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            String member = names.next();
            if (!MEMBERS.contains(member)) {
                throw refused("the record has an unknown member '" + member + "'");
            }
        }
        Set<String> missing = new HashSet<>(MEMBERS);
        record.fieldNames().forEachRemaining(missing::remove);
        if (!missing.isEmpty()) {
            throw refused("the record lacks the member(s) " + new TreeSet<>(missing));
        }
    }

    private static String text(ObjectNode record, String member) {
        JsonNode node = record.get(member);
        if (!node.isTextual()) {
            throw refused("'" + member + "' must be a string");
        }
        return node.textValue();
    }

    private static Instant date(String text) {
        try {
            if (DATE_FORMAT.matcher(text).matches()) {
                return Instant.parse(text);
            }
        } catch (DateTimeParseException e) {
            // refused below, with the same message as a malformed text
        }
        throw refused("'" + DATE + "' must be a UTC time like 2025-01-31T12:00:00Z, got '" + text + "'");
    }

    private static byte[] base64(ObjectNode record, String member, int min, int max) {
        String text = text(record, member);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
            throw refused("'" + member + "' must be base64url without padding");
        }
        if (bytes.length < min || bytes.length > max) {
            throw refused("'" + member + "' must hold " + (min == max ? min : min + " to " + max) + " bytes, got "
                    + bytes.length);
        }
        return bytes;
    }

    private static BitDustException refused(String reason) {
        return BitDustException.invalid("invalid recovery record: " + reason);
    }
}
