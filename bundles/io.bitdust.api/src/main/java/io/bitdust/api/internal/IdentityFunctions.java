package io.bitdust.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.Json;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity area: {@code identity_get}, {@code identity_create}, {@code identity_backup} and
 * {@code identity_recover}. An identity backup is one JSON file: {@code {"format": "bitdust-identity-backup",
 * "version": 1, "identity": <the signed identity document>, "keys": "<base64url of the passphrase-encrypted key
 * backup>"}}; with its passphrase it restores the node's identity and keys on a new machine. In process_health:
 * where each identity server stands.
 */
final class IdentityFunctions implements ApiArea {
    static final String AREA = "identity";
    static final String FORMAT = "bitdust-identity-backup";
    static final int MAX_BACKUP_SIZE = 128 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityFunctions.class);

    final AreaService<IdentityService> identityService = new AreaService<>(AREA);
    final AreaService<IdentityCache> identityCache = new AreaService<>("identity cache");
    final AreaService<KeyRing> keyRing = new AreaService<>("keys");
    private final SecureRandom random = new SecureRandom();

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(identityService, identityCache, keyRing);
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        IdentityService running = identityService.current();
        if (running == null) {
            return;
        }
        List<Publication> servers = running.publication();
        health.put("identity_servers", publication(servers));
        servers.stream().filter(p -> !p.current()).forEach(p -> warnings.add(p
                + (p.nextAttempt() == null ? "" : "; trying again at " + p.nextAttempt())));
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("identity_get", AREA, "My identity: IDURLs, contacts, public keys, revision, "
                        + "and whether each identity server has its current revision")
                        .does(args -> get()),
                Operation.named("identity_create", AREA, "Create my identity under a user name and publish it "
                        + "on the identity servers (a node makes one on its first start)")
                        .required("username", "3 to 32 of a-z, 0-9, _ and -")
                        .does(args -> create(args.string("username"))),
                Operation.named("identity_backup", AREA, "Write my identity and keys to a file protected by a "
                        + "passphrase: with it, a new machine recovers this node")
                        .path("destination_filepath", LocalPaths.Use.NEW_FILE, "absolute path of a new file")
                        .optional("passphrase", "string", null, "passphrase that protects the keys, at least "
                                + Passphrases.MIN_LENGTH + " characters")
                        .optional("generate", "boolean", false, "without a passphrase: generate a recovery phrase, "
                                + "shown once in the answer")
                        .does(args -> backup(args.path("destination_filepath"), args.string("passphrase"),
                                args.bool("generate"))),
                Operation.named("identity_recover", AREA, "Make the identity in a backup file this node's own, "
                        + "with its keys")
                        .path("private_key_source", LocalPaths.Use.FILE, "absolute path of the identity backup file")
                        .required("passphrase", "its passphrase")
                        .does(args -> recover(args.path("private_key_source"), args.string("passphrase"))));
    }

    private Identity mine() {
        return identityService.get().identity().orElseThrow(() -> BitDustException.notFound(
                "this node has no identity yet: create one with identity_create or recover one with identity_recover"));
    }

    private Map<String, Object> create(String username) {
        IdentityService service = identityService.get();
        Identity created = service.create(username);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("identity", document(created));
        result.put("propagation", propagation(service.propagate()));
        return result;
    }

    private Map<String, Object> backup(Path file, String passphrase, boolean generate) throws IOException {
        if (passphrase != null && generate) {
            throw BitDustException.invalid("give a passphrase or generate=true, not both");
        }
        if (passphrase == null && !generate) {
            throw BitDustException.invalid("missing parameter 'passphrase' for identity_backup: give one of at least "
                    + Passphrases.MIN_LENGTH + " characters, or generate=true to get a generated recovery phrase");
        }
        String chosen = generate ? Passphrases.generate(random) : passphrase;
        if (!generate) {
            Passphrases.checkStrength(chosen);
        }
        Identity identity = mine();
        char[] secret = chosen.toCharArray();
        byte[] keys;
        try {
            keys = keyRing.get().exportKeys(secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        ObjectNode backup = Json.mapper().createObjectNode();
        backup.put("format", FORMAT);
        backup.put("version", 1);
        backup.set("identity", Json.mapper().readTree(identity.toJson()));
        backup.put("keys", Base64.getUrlEncoder().withoutPadding().encodeToString(keys));
        LocalPaths.writeNew(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(backup));
        LOG.info("Wrote the identity backup of {} to {}", identity.idurl(), file);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("idurl", identity.idurl().toString());
        result.put("file", file.toString());
        if (generate) {
            result.put("passphrase", chosen);
            result.put("message", "identity " + identity.idurl() + " and its keys were written to " + file
                    + " under the recovery phrase above; it is shown only this once: write it down and keep it "
                    + "apart from the file, together they restore this node");
        } else {
            result.put("message", "identity " + identity.idurl() + " and its keys were written to " + file
                    + "; keep the file and its passphrase safe: together they restore this node");
        }
        return result;
    }

    private Map<String, Object> recover(Path file, String passphrase) throws IOException {
        byte[] content = LocalPaths.read(file, MAX_BACKUP_SIZE, "an identity backup");
        JsonNode backup;
        try {
            backup = Json.mapper().readTree(content);
        } catch (IOException e) {
            throw BitDustException.invalid(file + " is not an identity backup: not JSON");
        }
        if (backup == null || !FORMAT.equals(backup.path("format").asText()) || backup.path("version").asInt() != 1
                || !backup.path("identity").isObject() || !backup.path("keys").isTextual()) {
            throw BitDustException.invalid(file + " is not an identity backup of format " + FORMAT + " version 1");
        }
        Identity identity = Identity.parse(Json.mapper().writeValueAsBytes(backup.get("identity")));
        byte[] keys;
        try {
            keys = Base64.getUrlDecoder().decode(backup.get("keys").asText());
        } catch (IllegalArgumentException e) {
            throw BitDustException.invalid(file + " is not an identity backup: its keys are not base64url");
        }
        IdentityService service = identityService.get();
        KeyRing ring = keyRing.get();
        char[] secret = passphrase.toCharArray();
        try {
            Optional<Identity> current = service.identity();
            if (current.isPresent() && !current.get().signingKey().equals(identity.signingKey())) {
                // this node becomes another: what it holds as itself (its suppliers) is ended while its keys can
                // still sign, once the file is known to be good
                ring.checkKeys(keys, secret, identity.signingKey());
                service.beforeRecovery(identity);
            }
            ring.importKeys(keys, secret, identity.signingKey());
        } finally {
            Arrays.fill(secret, '\0');
        }
        Identity recovered = service.recover(newestPublished(identity));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("idurl", recovered.idurl().toString());
        result.put("revision", recovered.revision());
        result.put("message", "identity " + recovered.idurl() + " recovered at revision " + recovered.revision());
        return result;
    }

    /** @return the identity server's copy when it is a newer revision of the same identity, else {@code backedUp} */
    private Identity newestPublished(Identity backedUp) {
        IdentityCache cache = identityCache.current();
        if (cache == null) {
            return backedUp;
        }
        try {
            Identity published = cache.fetch(backedUp.idurl());
            return published.sameKeys(backedUp) && published.revision() > backedUp.revision() ? published : backedUp;
        } catch (BitDustException e) {
            LOG.info("Recovering {} from the backup alone: {}", backedUp.idurl(), e.getMessage());
            return backedUp;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(Identity identity) {
        try {
            return Json.mapper().readValue(new String(identity.toJson(), StandardCharsets.UTF_8), Map.class);
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot show identity " + identity.idurl(), e);
        }
    }

    /** @return my identity document's fields, and {@code publication}: where each identity server stands */
    private Map<String, Object> get() {
        Map<String, Object> result = new LinkedHashMap<>(document(mine()));
        result.put("publication", publication(identityService.get().publication()));
        return result;
    }

    /** @return each identity server with whether it has my current revision, as identity_get and health show it */
    static List<Map<String, Object>> publication(List<Publication> servers) {
        return servers.stream().map(p -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("server", p.server());
            entry.put("published", p.current());
            entry.put("published_revision", p.publishedRevision());
            entry.put("last_result", p.lastResult());
            entry.put("last_attempt", p.lastAttempt() == null ? null : p.lastAttempt().toString());
            entry.put("next_attempt", p.nextAttempt() == null ? null : p.nextAttempt().toString());
            return entry;
        }).collect(Collectors.toList());
    }

    private static List<Map<String, Object>> propagation(List<PropagationResult> results) {
        return results.stream().map(r -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("server", r.server());
            entry.put("accepted", r.accepted());
            entry.put("message", r.message());
            return entry;
        }).collect(Collectors.toList());
    }
}
