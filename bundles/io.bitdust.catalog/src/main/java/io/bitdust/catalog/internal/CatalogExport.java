package io.bitdust.catalog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.DeletedVersion;
import io.bitdust.catalog.ItemType;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.Signatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bytes of a catalog export (docs/backup-formats.md, "Catalog export"): JSON content, signed with my Ed25519 key
 * over {@link #LABEL} and the content, the content and the signature sealed to my own X25519 key.
 */
final class CatalogExport {
    /** What the signature covers before the content. */
    static final byte[] LABEL = "bitdust/catalog/v1\n".getBytes(StandardCharsets.US_ASCII);
    /** The {@code format} field of the content. */
    static final String FORMAT = "bitdust/catalog/v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern PATH_ID = Pattern.compile("(0|[1-9][0-9]{0,8})(/(0|[1-9][0-9]{0,8}))*");
    private static final Pattern HEX_HASH = Pattern.compile("[0-9a-f]{64}");

    private final KeyRing keys;
    private final SecureRandom random;

    CatalogExport(KeyRing keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** What an export held, once opened and verified; {@code deleted} is empty for an export without the field. */
    record Opened(long revision, String previous, Instant date, List<CatalogItem> items,
            List<CatalogVersion> versions, List<DeletedVersion> deleted, String contentHash) {
    }

    /** The content of an export without deleted versions, as catalogs before 2.2.0 wrote it. */
    static byte[] content(long revision, String previous, Instant date, List<CatalogItem> items,
            List<CatalogVersion> versions) {
        return content(revision, previous, date, items, versions, null);
    }

    /** @param deleted the deleted versions, or null to leave the field out */
    static byte[] content(long revision, String previous, Instant date, List<CatalogItem> items,
            List<CatalogVersion> versions, List<DeletedVersion> deleted) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("revision", revision);
        root.put("previous", previous);
        root.put("date", date.toString());
        ArrayNode itemNodes = root.putArray("items");
        for (CatalogItem item : items) {
            ObjectNode node = itemNodes.addObject();
            node.put("pathId", item.pathId());
            node.put("name", item.name());
            node.put("localPath", item.localPath());
            node.put("type", item.type().name());
            node.put("size", item.size());
            node.put("created", item.created().toString());
        }
        ArrayNode versionNodes = root.putArray("versions");
        for (CatalogVersion version : versions) {
            ObjectNode node = versionNodes.addObject();
            node.put("backupId", version.backupId());
            node.put("state", version.state().name());
            node.put("blocks", version.blocks());
            node.put("bytes", version.bytes());
            node.put("created", version.created().toString());
            node.put("eccMap", version.eccMap());
            node.put("manifest", version.manifest());
        }
        if (deleted != null) {
            ArrayNode deletedNodes = root.putArray("deleted");
            for (DeletedVersion version : deleted) {
                ObjectNode node = deletedNodes.addObject();
                node.put("backupId", version.backupId());
                node.put("deleted", version.deleted().toString());
                node.put("blocks", version.blocks());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the catalog export", e);
        }
    }

    byte[] seal(byte[] content) {
        byte[] signed = new byte[LABEL.length + content.length];
        System.arraycopy(LABEL, 0, signed, 0, LABEL.length);
        System.arraycopy(content, 0, signed, LABEL.length, content.length);
        byte[] signature = keys.sign(signed);
        byte[] plaintext = Arrays.copyOf(content, content.length + signature.length);
        System.arraycopy(signature, 0, plaintext, content.length, signature.length);
        return SealedBox.seal(keys.agreementPublicKey(), plaintext, random);
    }

    Opened open(byte[] export) {
        if (export == null) {
            throw BitDustException.invalid("catalog export is missing");
        }
        byte[] plaintext;
        try {
            plaintext = keys.openSealed(export);
        } catch (BitDustException e) {
            throw BitDustException.invalid("catalog export cannot be opened with my key: " + e.getMessage());
        }
        if (plaintext.length < Signatures.LENGTH) {
            throw BitDustException.invalid("catalog export is too short to hold a signature");
        }
        byte[] content = Arrays.copyOf(plaintext, plaintext.length - Signatures.LENGTH);
        byte[] signature = Arrays.copyOfRange(plaintext, content.length, plaintext.length);
        byte[] signed = new byte[LABEL.length + content.length];
        System.arraycopy(LABEL, 0, signed, 0, LABEL.length);
        System.arraycopy(content, 0, signed, LABEL.length, content.length);
        if (!Signatures.verify(keys.signingPublicKey(), signed, signature)) {
            throw BitDustException.invalid("catalog export is not signed with my key");
        }
        try {
            return parse(content);
        } catch (IOException | IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw BitDustException.invalid("not a catalog export: " + e.getMessage());
        }
    }

    private static Opened parse(byte[] content) throws IOException {
        JsonNode root = JSON.readTree(content);
        if (root == null || !FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        long revision = number(root, "revision");
        String previous = optionalText(root, "previous");
        if (previous != null && !HEX_HASH.matcher(previous).matches()) {
            throw new IllegalArgumentException("previous is not a hex SHA-256");
        }
        Instant date = Instant.parse(text(root, "date"));
        List<CatalogItem> items = new ArrayList<>();
        for (JsonNode node : array(root, "items")) {
            String pathId = text(node, "pathId");
            if (!PATH_ID.matcher(pathId).matches()) {
                throw new IllegalArgumentException("'" + pathId + "' is not a path ID");
            }
            int slash = pathId.lastIndexOf('/');
            long size = number(node, "size");
            if (size < 0) {
                throw new IllegalArgumentException("negative size of " + pathId);
            }
            items.add(new CatalogItem(pathId, slash < 0 ? null : pathId.substring(0, slash), text(node, "name"),
                    optionalText(node, "localPath"), ItemType.valueOf(text(node, "type")), size,
                    Instant.parse(text(node, "created"))));
        }
        List<CatalogVersion> versions = new ArrayList<>();
        for (JsonNode node : array(root, "versions")) {
            String backupId = backupId(node);
            int slash = backupId.lastIndexOf('/');
            long blocks = number(node, "blocks");
            long bytes = number(node, "bytes");
            if (blocks < 0 || blocks > Integer.MAX_VALUE || bytes < 0) {
                throw new IllegalArgumentException("blocks or bytes of " + backupId + " out of range");
            }
            versions.add(new CatalogVersion(backupId, backupId.substring(0, slash), backupId.substring(slash + 1),
                    VersionState.valueOf(text(node, "state")), (int) blocks, bytes,
                    Instant.parse(text(node, "created")), text(node, "eccMap"), optionalText(node, "manifest")));
        }
        List<DeletedVersion> deleted = new ArrayList<>();
        // absent from the exports of catalogs before 2.2.0: they name no deleted version
        if (root.get("deleted") != null) {
            for (JsonNode node : array(root, "deleted")) {
                String backupId = backupId(node);
                long blocks = number(node, "blocks");
                if (blocks < 0 || blocks > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("blocks of deleted " + backupId + " out of range");
                }
                deleted.add(new DeletedVersion(backupId, Instant.parse(text(node, "deleted")), (int) blocks));
            }
        }
        return new Opened(revision, previous, date, items, versions, deleted,
                HexFormat.of().formatHex(Hashes.sha256(content)));
    }

    private static String backupId(JsonNode node) {
        String backupId = text(node, "backupId");
        int slash = backupId.lastIndexOf('/');
        if (slash < 0 || !PATH_ID.matcher(backupId.substring(0, slash)).matches()
                || !backupId.substring(slash + 1).matches("F[0-9]{14}(AM|PM)[0-9]*")) {
            throw new IllegalArgumentException("'" + backupId + "' is not a backup ID");
        }
        return backupId;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : text(node, field);
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is missing or not an integer");
        }
        return value.asLong();
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(field + " is missing or not an array");
        }
        return value;
    }
}
