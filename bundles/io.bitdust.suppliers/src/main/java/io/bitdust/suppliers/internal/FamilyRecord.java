package io.bitdust.suppliers.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.suppliers.CatalogHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The content of my recovery record as the suppliers area writes it (docs/protocol.md §1.6): my ECC map and, per
 * position, the supplier hired there and the fingerprint of the signing key its contract pinned; and the head of my
 * catalog, once the backup area pushed one. UTF-8 JSON:
 *
 * <pre>{@code
 * {"catalog":{"hash":"<hex SHA-256 of the export's content>","revision":42},"ecc":"ecc/4x4",
 *  "format":"bitdust/suppliers/v1","positions":[{"idurl":"http://id.example.org/bob.json",
 *  "key":"<hex SHA-256 of the 32-byte Ed25519 key>","position":0}, ...],"suppliers":4}
 * }</pre>
 *
 * Immutable.
 *
 * @param suppliers N of the ECC map
 * @param positions per position, 0 to N-1, its supplier; positions without one are left out
 * @param catalog   the head of my catalog, null when none is known (the member is left out)
 */
record FamilyRecord(int suppliers, SortedMap<Integer, Recorded> positions, CatalogHead catalog) {
    static final String FORMAT = "bitdust/suppliers/v1";
    private static final Set<String> MEMBERS = Set.of("ecc", "format", "positions", "suppliers");
    private static final Set<String> OPTIONAL_MEMBERS = Set.of("catalog");
    private static final Set<String> CATALOG_MEMBERS = Set.of("hash", "revision");
    private static final Set<String> POSITION_MEMBERS = Set.of("idurl", "key", "position");
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * One position's supplier.
     *
     * @param idurl the supplier
     * @param key   the fingerprint of its pinned signing key: {@link #fingerprint}
     */
    record Recorded(IdUrl idurl, String key) {
    }

    FamilyRecord {
        positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
    }

    /** A record without a catalog head. */
    FamilyRecord(int suppliers, SortedMap<Integer, Recorded> positions) {
        this(suppliers, positions, null);
    }

    /**
     * @param signingKey a signing key in its text form (base64url), as a contract pins it
     * @return the lower-case hex SHA-256 of its 32 bytes
     */
    static String fingerprint(String signingKey) {
        return HexFormat.of().formatHex(Hashes.sha256(SigningPublicKey.parse(signingKey).bytes()));
    }

    /** @return the content's bytes: canonical JSON, members sorted */
    byte[] toBytes() {
        ObjectNode root = Json.mapper().createObjectNode();
        if (catalog != null) {
            root.putObject("catalog").put("hash", catalog.contentHash()).put("revision", catalog.revision());
        }
        root.put("ecc", StorageProtocol.eccMap(suppliers).name());
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("positions");
        for (Map.Entry<Integer, Recorded> entry : positions.entrySet()) {
            list.addObject().put("idurl", entry.getValue().idurl().toString()).put("key", entry.getValue().key())
                    .put("position", entry.getKey());
        }
        root.put("suppliers", suppliers);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param content what {@link #toBytes} wrote
     * @return the record
     * @throws BitDustException INVALID_ARGUMENT naming what is wrong
     */
    static FamilyRecord parse(byte[] content) {
        JsonNode root;
        try {
            root = READER.readTree(content);
        } catch (IOException e) {
            throw refused("not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw refused("not a JSON object");
        }
        members(root, MEMBERS, OPTIONAL_MEMBERS, "the record");
        if (!FORMAT.equals(root.get("format").asText())) {
            throw refused("the format is " + root.get("format") + ", not " + FORMAT);
        }
        JsonNode count = root.get("suppliers");
        if (!count.isInt() || EccMap.all().stream().noneMatch(map -> map.dataShards() == count.intValue())) {
            throw refused("'suppliers' must be the N of an ECC map, got " + count);
        }
        int n = count.intValue();
        if (!StorageProtocol.eccMap(n).name().equals(root.get("ecc").asText())) {
            throw refused("'ecc' " + root.get("ecc") + " does not match " + n + " suppliers");
        }
        if (!root.get("positions").isArray()) {
            throw refused("'positions' must be a list");
        }
        SortedMap<Integer, Recorded> positions = new TreeMap<>();
        for (JsonNode item : root.get("positions")) {
            if (!item.isObject()) {
                throw refused("a position must be an object");
            }
            members(item, POSITION_MEMBERS, Set.of(), "a position");
            JsonNode position = item.get("position");
            if (!position.isInt() || position.intValue() < 0 || position.intValue() >= n
                    || positions.containsKey(position.intValue())) {
                throw refused("position " + position + " is not one of 0 to " + (n - 1) + " once");
            }
            String key = item.get("key").asText();
            if (!KEY.matcher(key).matches()) {
                throw refused("the key of position " + position + " is not 64 lower-case hex digits");
            }
            IdUrl idurl;
            try {
                idurl = IdUrl.parse(item.get("idurl").asText());
            } catch (BitDustException e) {
                throw refused("the IDURL of position " + position + ": " + e.getMessage());
            }
            positions.put(position.intValue(), new Recorded(idurl, key));
        }
        return new FamilyRecord(n, positions, root.has("catalog") ? catalogHead(root.get("catalog")) : null);
    }

    private static CatalogHead catalogHead(JsonNode node) {
        if (!node.isObject()) {
            throw refused("'catalog' must be an object");
        }
        members(node, CATALOG_MEMBERS, Set.of(), "'catalog'");
        JsonNode revision = node.get("revision");
        if (!revision.isIntegralNumber() || !revision.canConvertToLong() || revision.longValue() < 0) {
            throw refused("the catalog's 'revision' must be an integer from 0 to 2^63-1, got " + revision);
        }
        String hash = node.get("hash").asText();
        if (!node.get("hash").isTextual() || !KEY.matcher(hash).matches()) {
            throw refused("the catalog's 'hash' is not 64 lower-case hex digits");
        }
        return new CatalogHead(revision.longValue(), hash);
    }

    private static void members(JsonNode object, Set<String> expected, Set<String> optional, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name) && !optional.contains(name)) {
                throw refused(what + " has an unknown member '" + name + "'");
            }
        }
        for (String name : expected) {
            if (!object.has(name)) {
                throw refused(what + " lacks '" + name + "'");
            }
        }
    }

    private static BitDustException refused(String reason) {
        return BitDustException.invalid("not a suppliers recovery record: " + reason);
    }
}
