package io.bitdust.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A node's identity document: its IDURLs (the first is the primary), its contacts in order of preference, its public
 * keys, the services it offers, a nickname, a revision and a date, all signed with its own Ed25519 key. The wire form
 * is JSON ({@code application/json}, at most {@value #MAX_SIZE} bytes):
 *
 * <pre>{@code
 * {"agreement_key":"<X25519 key, base64url>","contacts":["tcp://198.51.100.7:7771"],"date":"2025-01-31T12:00:00Z",
 *  "idurls":["http://id.example.org:8084/alice.json"],"nickname":"alice","revision":3,
 *  "services":{"supplier":{"enabled":true,"free_bytes":1073741824}},"signature":"<64 bytes, base64url>",
 *  "signing_key":"<Ed25519 key, base64url>"}
 * }</pre>
 *
 * <p>The signature is the Ed25519 signature, by {@code signing_key}, of the UTF-8 bytes of {@value #DOMAIN_LABEL_TEXT}
 * followed by the canonical JSON of the document without its {@code signature} member: no insignificant whitespace,
 * members sorted by name, integers in plain decimal, in strings only {@code "} and {@code \} escaped (and U+0000 to
 * U+001F as {@code \}{@code u00xx}), everything else as UTF-8. Every other member, the keys included, is signed.
 * {@link #toJson()} writes the same canonical form with the signature. Immutable and thread-safe.
 */
public final class Identity {
    /** The largest document accepted, in bytes. */
    public static final int MAX_SIZE = 64 * 1024;
    /** The most IDURLs a document may list. */
    public static final int MAX_IDURLS = 5;
    /** The most contacts a document may list. */
    public static final int MAX_CONTACTS = 16;
    /** The longest contact, in characters. */
    public static final int MAX_CONTACT_LENGTH = 256;
    /** The longest nickname, in code points. */
    public static final int MAX_NICKNAME_LENGTH = 64;
    /** The most services a document may list. */
    public static final int MAX_SERVICES = 16;
    /** The service every document must describe. */
    public static final String SUPPLIER = "supplier";
    /** The text signed before the canonical JSON: it binds the signature to this document type and version. */
    public static final String DOMAIN_LABEL_TEXT = "bitdust/identity/v1\n";

    private static final String IDURLS = "idurls";
    private static final String CONTACTS = "contacts";
    private static final String SIGNING_KEY = "signing_key";
    private static final String AGREEMENT_KEY = "agreement_key";
    private static final String SERVICES = "services";
    private static final String NICKNAME = "nickname";
    private static final String REVISION = "revision";
    private static final String DATE = "date";
    private static final String SIGNATURE = "signature";
    private static final String ENABLED = "enabled";
    private static final String FREE_BYTES = "free_bytes";
    private static final Set<String> MEMBERS = Set.of(IDURLS, CONTACTS, SIGNING_KEY, AGREEMENT_KEY, SERVICES, NICKNAME,
            REVISION, DATE, SIGNATURE);
    private static final Set<String> OFFER_MEMBERS = Set.of(ENABLED, FREE_BYTES);
    private static final Pattern CONTACT = Pattern.compile("[a-z][a-z0-9+.-]*://[\\x21-\\x7e]+");
    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern DATE_FORMAT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final List<IdUrl> idurls;
    private final List<String> contacts;
    private final SigningPublicKey signingKey;
    private final AgreementPublicKey agreementKey;
    private final SortedMap<String, ServiceOffer> services;
    private final String nickname;
    private final long revision;
    private final Instant date;
    private final byte[] signature;
    private final byte[] json;

    private Identity(ObjectNode document) {
        checkMembers(document, MEMBERS, "the document");
        this.idurls = idurls(document);
        this.contacts = contacts(document);
        this.signingKey = member(SIGNING_KEY, SigningPublicKey::parse, text(document, SIGNING_KEY));
        this.agreementKey = member(AGREEMENT_KEY, AgreementPublicKey::parse, text(document, AGREEMENT_KEY));
        this.services = services(document);
        this.nickname = nickname(document);
        this.revision = integer(document, REVISION, 1);
        this.date = date(document);
        this.signature = signature(document);
        ObjectNode unsigned = document.deepCopy();
        unsigned.remove(SIGNATURE);
        if (!Signatures.verify(signingKey, CanonicalJson.encode(DOMAIN_LABEL_TEXT, unsigned), signature)) {
            throw refused("the signature does not match the document and its signing key");
        }
        this.json = CanonicalJson.encode("", document);
    }

    /**
     * Reads and checks a document received from elsewhere: size, JSON syntax, every member and the signature.
     *
     * @param document the JSON bytes
     * @return the identity
     * @throws BitDustException INVALID_ARGUMENT naming what is wrong: too large, not JSON, a missing, unknown or
     *     malformed member, a bad signature
     */
    public static Identity parse(byte[] document) {
        if (document.length > MAX_SIZE) {
            throw refused("the document has " + document.length + " bytes, more than " + MAX_SIZE);
        }
        JsonNode root;
        try {
            root = READER.readTree(document);
        } catch (IOException e) {
            throw refused("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw refused("the document must be a JSON object");
        }
        return new Identity((ObjectNode) root);
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding every member of this identity except the signature */
    public Builder toBuilder() {
        Builder builder = new Builder().idurls(idurls).contacts(contacts).signingKey(signingKey)
                .agreementKey(agreementKey).nickname(nickname).revision(revision).date(date);
        services.forEach(builder::service);
        return builder;
    }

    /** @return the IDURLs, 1 to {@value #MAX_IDURLS}, all with the same name; the first is the primary */
    public List<IdUrl> idurls() {
        return idurls;
    }

    /** @return the primary IDURL */
    public IdUrl idurl() {
        return idurls.get(0);
    }

    /** @return the contacts in order of preference, such as {@code tcp://198.51.100.7:7771} */
    public List<String> contacts() {
        return contacts;
    }

    /** @return the key this document and the node's packets are signed with */
    public SigningPublicKey signingKey() {
        return signingKey;
    }

    /** @return the key others seal boxes to this node with */
    public AgreementPublicKey agreementKey() {
        return agreementKey;
    }

    /** @return the services described, by name */
    public SortedMap<String, ServiceOffer> services() {
        return services;
    }

    /**
     * @param service a service name such as {@value #SUPPLIER}
     * @return whether the document lists that service as enabled
     */
    public boolean offers(String service) {
        ServiceOffer offer = services.get(service);
        return offer != null && offer.enabled();
    }

    /** @return the nickname people see */
    public String nickname() {
        return nickname;
    }

    /** @return the revision, 1 or more; it grows with every change */
    public long revision() {
        return revision;
    }

    /** @return when this revision was signed, to the second */
    public Instant date() {
        return date;
    }

    /** @return a copy of the 64-byte signature */
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * @param other another identity
     * @return whether both have the same signing and agreement keys
     */
    public boolean sameKeys(Identity other) {
        return signingKey.equals(other.signingKey) && agreementKey.equals(other.agreementKey);
    }

    /** @return a copy of the wire form: the canonical JSON with the signature, as described above */
    public byte[] toJson() {
        return json.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity && Arrays.equals(((Identity) o).json, json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "Identity[" + idurl() + ", revision " + revision + "]";
    }

    private static List<IdUrl> idurls(ObjectNode document) {
        JsonNode array = array(document, IDURLS, 1, MAX_IDURLS);
        List<IdUrl> result = new ArrayList<>();
        for (JsonNode item : array) {
            String text = item.isTextual() ? item.textValue() : null;
            if (text == null) {
                throw refused("'" + IDURLS + "' must hold strings");
            }
            IdUrl idurl = member(IDURLS, IdUrl::parse, text);
            if (!idurl.toString().equals(text)) {
                throw refused("IDURL '" + text + "' is not in normal form '" + idurl + "'");
            }
            if (result.contains(idurl)) {
                throw refused("IDURL '" + text + "' is listed twice");
            }
            if (!result.isEmpty() && !result.get(0).name().equals(idurl.name())) {
                throw refused("all IDURLs must have the same name, '" + result.get(0).name() + "' and '"
                        + idurl.name() + "' differ");
            }
            result.add(idurl);
        }
        return List.copyOf(result);
    }

    private static List<String> contacts(ObjectNode document) {
        List<String> result = new ArrayList<>();
        for (JsonNode item : array(document, CONTACTS, 0, MAX_CONTACTS)) {
            if (!item.isTextual() || item.textValue().length() > MAX_CONTACT_LENGTH
                    || !CONTACT.matcher(item.textValue()).matches()) {
                throw refused("contact " + item + " is not like tcp://host:port (printable ASCII, at most "
                        + MAX_CONTACT_LENGTH + " characters)");
            }
            result.add(item.textValue());
        }
        return List.copyOf(result);
    }

    private static SortedMap<String, ServiceOffer> services(ObjectNode document) {
        JsonNode object = document.get(SERVICES);
        if (!object.isObject() || object.size() > MAX_SERVICES) {
            throw refused("'" + SERVICES + "' must be an object of at most " + MAX_SERVICES + " services");
        }
        SortedMap<String, ServiceOffer> result = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String what = "service '" + entry.getKey() + "'";
            if (!SERVICE.matcher(entry.getKey()).matches()) {
                throw refused(what + " must be named with 1 to 32 of a-z, 0-9 and -, starting with a letter");
            }
            if (!entry.getValue().isObject()) {
                throw refused(what + " must be an object with '" + ENABLED + "' and '" + FREE_BYTES + "'");
            }
            ObjectNode offer = (ObjectNode) entry.getValue();
            checkMembers(offer, OFFER_MEMBERS, what);
            if (!offer.get(ENABLED).isBoolean()) {
                throw refused("'" + ENABLED + "' of " + what + " must be true or false");
            }
            result.put(entry.getKey(), ServiceOffer.of(offer.get(ENABLED).booleanValue(),
                    integer(offer, FREE_BYTES, 0)));
        }
        if (!result.containsKey(SUPPLIER)) {
            throw refused("'" + SERVICES + "' must describe the service '" + SUPPLIER + "'");
        }
        return Collections.unmodifiableSortedMap(result);
    }

    private static String nickname(ObjectNode document) {
        String text = text(document, NICKNAME);
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > MAX_NICKNAME_LENGTH) {
            throw refused("'" + NICKNAME + "' must have 1 to " + MAX_NICKNAME_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !pairedSurrogate)) {
                throw refused("'" + NICKNAME + "' must not hold control characters or lone surrogates");
            }
            i += pairedSurrogate ? 1 : 0;
        }
        return text;
    }

    private static Instant date(ObjectNode document) {
        String text = text(document, DATE);
        try {
            if (DATE_FORMAT.matcher(text).matches()) {
                return Instant.parse(text);
            }
        } catch (DateTimeParseException e) {
            // refused below, with the same message as a malformed text
        }
        throw refused("'" + DATE + "' must be a UTC time like 2025-01-31T12:00:00Z, got '" + text + "'");
    }

    private static byte[] signature(ObjectNode document) {
        String text = text(document, SIGNATURE);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != Signatures.LENGTH || !base64(bytes).equals(text)) {
            throw refused("'" + SIGNATURE + "' must be " + Signatures.LENGTH + " bytes in base64url without padding");
        }
        return bytes;
    }

    private static void checkMembers(ObjectNode object, Set<String> expected, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw refused(what + " has an unknown member '" + name + "'");
            }
        }
        Set<String> missing = new HashSet<>(expected);
        object.fieldNames().forEachRemaining(missing::remove);
        if (!missing.isEmpty()) {
            throw refused(what + " lacks the member(s) " + new TreeSet<>(missing));
        }
    }

    private static JsonNode array(ObjectNode document, String name, int min, int max) {
        JsonNode array = document.get(name);
        if (!array.isArray() || array.size() < min || array.size() > max) {
            throw refused("'" + name + "' must be a list of " + min + " to " + max + " items");
        }
        return array;
    }

    private static String text(ObjectNode object, String name) {
        JsonNode node = object.get(name);
        if (!node.isTextual()) {
            throw refused("'" + name + "' must be a string");
        }
        return node.textValue();
    }

    private static long integer(ObjectNode object, String name, long min) {
        JsonNode node = object.get(name);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw refused("'" + name + "' must be an integer of at least " + min + ", got " + node);
        }
        return node.longValue();
    }

    private static <T> T member(String name, Function<String, T> parser, String text) {
        try {
            return parser.apply(text);
        } catch (BitDustException e) {
            throw refused("'" + name + "': " + e.getMessage());
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static BitDustException refused(String reason) {
        return BitDustException.invalid("invalid identity: " + reason);
    }

    /**
     * Collects the members of a new identity; {@link #sign} checks them all and signs. Not thread-safe.
     */
    public static final class Builder {
        private List<IdUrl> idurls = List.of();
        private List<String> contacts = List.of();
        private SigningPublicKey signingKey;
        private AgreementPublicKey agreementKey;
        private final SortedMap<String, ServiceOffer> services = new TreeMap<>();
        private String nickname;
        private long revision = 1;
        private Instant date;

        private Builder() {
        }

        /**
         * @param value the IDURLs, the primary first
         * @return this builder
         */
        public Builder idurls(List<IdUrl> value) {
            this.idurls = List.copyOf(value);
            return this;
        }

        /**
         * @param value the contacts in order of preference
         * @return this builder
         */
        public Builder contacts(List<String> value) {
            this.contacts = List.copyOf(value);
            return this;
        }

        /**
         * @param value the signing public key
         * @return this builder
         */
        public Builder signingKey(SigningPublicKey value) {
            this.signingKey = value;
            return this;
        }

        /**
         * @param value the agreement public key
         * @return this builder
         */
        public Builder agreementKey(AgreementPublicKey value) {
            this.agreementKey = value;
            return this;
        }

        /**
         * @param name  the service, such as {@value Identity#SUPPLIER}
         * @param offer what is offered; replaces an earlier offer for the same service
         * @return this builder
         */
        public Builder service(String name, ServiceOffer offer) {
            services.put(name, Objects.requireNonNull(offer, "offer"));
            return this;
        }

        /**
         * @param value the nickname
         * @return this builder
         */
        public Builder nickname(String value) {
            this.nickname = value;
            return this;
        }

        /**
         * @param value the revision, 1 or more
         * @return this builder
         */
        public Builder revision(long value) {
            this.revision = value;
            return this;
        }

        /** @param value when it is signed; kept to the second; @return this builder */
        public Builder date(Instant value) {
            this.date = value.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /**
         * Signs the document and checks it as {@link Identity#parse} would.
         *
         * @param signer signs the given bytes with the private half of the signing key, e.g. {@code KeyRing::sign}
         * @return the signed identity
         * @throws BitDustException INVALID_ARGUMENT naming a missing or malformed member, or when the signer's key is
         *     not the signing key set here
         */
        public Identity sign(Function<byte[], byte[]> signer) {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            ObjectNode document = nodes.objectNode();
            ArrayNode idurlArray = document.putArray(IDURLS);
            idurls.forEach(idurl -> idurlArray.add(idurl.toString()));
            ArrayNode contactArray = document.putArray(CONTACTS);
            contacts.forEach(contactArray::add);
            ObjectNode serviceObject = document.putObject(SERVICES);
            services.forEach((name, offer) -> serviceObject.putObject(name).put(ENABLED, offer.enabled())
                    .put(FREE_BYTES, offer.freeBytes()));
            document.put(REVISION, revision);
            putText(document, SIGNING_KEY, signingKey);
            putText(document, AGREEMENT_KEY, agreementKey);
            putText(document, NICKNAME, nickname);
            putText(document, DATE, date);
            document.put(SIGNATURE, base64(signer.apply(CanonicalJson.encode(DOMAIN_LABEL_TEXT, document))));
            return new Identity(document);
        }

        private static void putText(ObjectNode document, String name, Object value) {
            if (value == null) {
                throw refused("'" + name + "' is not set");
            }
            document.put(name, value.toString());
        }
    }
}
