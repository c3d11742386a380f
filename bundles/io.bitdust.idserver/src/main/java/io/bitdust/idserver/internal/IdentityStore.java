package io.bitdust.idserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.identity.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities an identity server holds, by user name: one file {@code <name>.json} each in its folder, holding
 * the newest accepted document, one file {@code <name>.meta} beside it, holding the address group that registered
 * the name and the time of the last accepted upload, and an index in memory. A name belongs to the keys of its first
 * document; later documents must have the same keys and a higher revision. New names are limited per address group
 * and in total (see {@link IdentityServer.Limits}). Thread-safe.
 */
final class IdentityStore {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    private static final String META = ".meta";

    /** A name, its document, who registered it and when it was last uploaded. */
    private record Stored(Identity identity, String registrant, Instant uploaded) {
    }

    /** A new name refused by a limit; the message names the limit. */
    static final class LimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitReached(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Path folder;
    private final IdentityServer.Limits limits;
    private final Clock clock;
    private final Map<String, Stored> identities = new ConcurrentHashMap<>();
    /** Names registered per address group; guarded by {@code this}. */
    private final Map<String, Integer> registered = new HashMap<>();

    /**
     * Loads the identities kept in {@code folder}; a damaged file is reported and skipped. A document without its
     * metadata (kept before metadata existed, or placed by hand) counts against no address, and its last upload is
     * the file's modification time.
     *
     * @param folder the folder; created when missing
     * @param limits how many names may be registered, and how long an upload keeps an identity in the directory
     * @param clock  the time of uploads and of the directory's freshness check
     */
    IdentityStore(Path folder, IdentityServer.Limits limits, Clock clock) {
        this.folder = folder;
        this.limits = limits;
        this.clock = clock;
        AtomicFiles.createFolder(folder);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".json".length());
                try {
                    Stored stored = loadMeta(name, load(file, name), file);
                    identities.put(name, stored);
                    if (stored.registrant() != null) {
                        registered.merge(stored.registrant(), 1, Integer::sum);
                    }
                } catch (BitDustException | IOException e) {
                    LOG.warn("Skipped the stored identity {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot list the identities in " + folder + ": " + e, e);
        }
        LOG.info("Identity server store {} holds {} identities", folder, identities.size());
    }

    /**
     * @param name a user name
     * @return the identity stored under it
     */
    Optional<Identity> get(String name) {
        return Optional.ofNullable(identities.get(name)).map(Stored::identity);
    }

    /**
     * Stores {@code identity} under {@code name} when the name is free, or taken by the same keys with a lower
     * revision, and records the time of the upload.
     *
     * Posting the stored document again changes nothing but that time and is accepted, so a node may publish the same
     * revision twice, and does to stay in the directory. The limits apply to new names only: the owner of a name may
     * always update it, from any address.
     *
     * @param client the address group of the uploader (see {@link IdentityServlet#client})
     * @throws BitDustException CONFLICT when the name belongs to other keys or the revision is not higher; INTERNAL
     *     when it cannot be written
     * @throws LimitReached     when the name is new and the client, or the server, has registered all it may
     */
    synchronized void put(String name, Identity identity, String client) {
        Stored stored = identities.get(name);
        Instant now = clock.instant();
        if (stored == null) {
            int byClient = registered.getOrDefault(client, 0);
            if (byClient >= limits.namesPerAddress()) {
                throw new LimitReached("limit reached: at most " + limits.namesPerAddress() + " names may be "
                        + "registered from one address, and " + client + " has registered " + byClient);
            }
            if (identities.size() >= limits.identities()) {
                throw new LimitReached("limit reached: this identity server holds its maximum of "
                        + limits.identities() + " identities");
            }
            // The metadata first: a document never stands on disk without the address it counts against.
            writeMeta(name, client, now);
            AtomicFiles.write(folder.resolve(name + ".json"), identity.toJson());
            identities.put(name, new Stored(identity, client, now));
            registered.merge(client, 1, Integer::sum);
            return;
        }
        if (!stored.identity().sameKeys(identity)) {
            throw new BitDustException(ErrorCode.CONFLICT, "the name '" + name + "' belongs to other keys");
        }
        boolean same = identity.equals(stored.identity());
        if (!same && identity.revision() <= stored.identity().revision()) {
            throw new BitDustException(ErrorCode.CONFLICT, "revision " + identity.revision() + " of '" + name
                    + "' is not newer than the stored revision " + stored.identity().revision());
        }
        writeMeta(name, stored.registrant(), now);
        if (!same) {
            AtomicFiles.write(folder.resolve(name + ".json"), identity.toJson());
        }
        identities.put(name, new Stored(identity, stored.registrant(), now));
    }

    /**
     * @param service  a service the identities must offer, enabled
     * @param count    the most IDURLs wanted
     * @param excluded IDURLs of identities to leave out (any of an identity's IDURLs counts)
     * @param random   the source of the sample
     * @return the primary IDURLs of a random sample of matching identities uploaded within the freshness window
     */
    List<IdUrl> sample(String service, int count, Set<IdUrl> excluded, Random random) {
        Instant oldest = clock.instant().minus(limits.freshness());
        List<IdUrl> candidates = new ArrayList<>();
        for (Stored stored : identities.values()) {
            Identity identity = stored.identity();
            if (!stored.uploaded().isBefore(oldest) && identity.offers(service)
                    && identity.idurls().stream().noneMatch(excluded::contains)) {
                candidates.add(identity.idurl());
            }
        }
        Collections.shuffle(candidates, random);
        return List.copyOf(candidates.subList(0, Math.min(count, candidates.size())));
    }

    /**
     * @param idurl which IDURLs count
     * @return how many stored identities list at least one such IDURL
     */
    int count(Predicate<IdUrl> idurl) {
        return (int) identities.values().stream().map(Stored::identity)
                .filter(i -> i.idurls().stream().anyMatch(idurl)).count();
    }

    /**
     * @param text  a part of a nickname, compared case-insensitively
     * @param limit the most IDURLs wanted
     * @return the primary IDURLs of the identities whose nickname contains {@code text}, sorted
     */
    List<IdUrl> search(String text, int limit) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return identities.values().stream().map(Stored::identity)
                .filter(identity -> identity.nickname().toLowerCase(Locale.ROOT).contains(wanted))
                .map(Identity::idurl).sorted().limit(limit).toList();
    }

    private void writeMeta(String name, String registrant, Instant uploaded) {
        ObjectNode meta = Json.mapper().createObjectNode().put("registrant", registrant)
                .put("uploaded", uploaded.toString());
        AtomicFiles.write(folder.resolve(name + META), Json.write(meta).getBytes(StandardCharsets.UTF_8));
    }

    private Stored loadMeta(String name, Identity identity, Path document) throws IOException {
        Path file = folder.resolve(name + META);
        if (Files.exists(file)) {
            try {
                JsonNode meta = Json.mapper().readTree(Files.readAllBytes(file));
                JsonNode registrant = meta.path("registrant");
                return new Stored(identity, registrant.isTextual() ? registrant.textValue() : null,
                        Instant.parse(meta.path("uploaded").asText()));
            } catch (IOException | DateTimeParseException e) {
                LOG.warn("Ignored the damaged metadata {}: {}", file, e.getMessage());
            }
        }
        return new Stored(identity, null, Files.getLastModifiedTime(document).toInstant());
    }

    private static Identity load(Path file, String name) throws IOException {
        if (!IdUrl.isValidName(name)) {
            throw BitDustException.invalid("'" + name + "' is not a user name");
        }
        if (Files.size(file) > Identity.MAX_SIZE) {
            throw BitDustException.invalid("larger than " + Identity.MAX_SIZE + " bytes");
        }
        Identity identity = Identity.parse(Files.readAllBytes(file));
        if (identity.idurls().stream().noneMatch(idurl -> idurl.name().equals(name))) {
            throw BitDustException.invalid("the document lists no IDURL named '" + name + "'");
        }
        return identity;
    }
}
