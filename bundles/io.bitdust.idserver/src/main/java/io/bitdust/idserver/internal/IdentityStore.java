package io.bitdust.idserver.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.identity.Identity;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * the newest accepted document, and an index in memory. A name belongs to the keys of its first document; later
 * documents must have the same keys and a higher revision. Thread-safe.
 */
final class IdentityStore {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);

    private final Path folder;
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();

    /**
     * Loads the identities kept in {@code folder}; a damaged file is reported and skipped.
     *
     * @param folder the folder; created when missing
     */
    IdentityStore(Path folder) {
        this.folder = folder;
        AtomicFiles.createFolder(folder);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".json".length());
                try {
                    identities.put(name, load(file, name));
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
        return Optional.ofNullable(identities.get(name));
    }

    /**
     * Stores {@code identity} under {@code name} when the name is free, or taken by the same keys with a lower
     * revision.
     *
     * Posting the stored document again changes nothing and is accepted, so a node may publish the same revision twice.
     *
     * @throws BitDustException CONFLICT when the name belongs to other keys or the revision is not higher; INTERNAL
     *     when it cannot be written
     */
    synchronized void put(String name, Identity identity) {
        Identity stored = identities.get(name);
        if (stored != null && !stored.sameKeys(identity)) {
            throw new BitDustException(ErrorCode.CONFLICT, "the name '" + name + "' belongs to other keys");
        }
        if (identity.equals(stored)) {
            return;
        }
        if (stored != null && identity.revision() <= stored.revision()) {
            throw new BitDustException(ErrorCode.CONFLICT, "revision " + identity.revision() + " of '" + name
                    + "' is not newer than the stored revision " + stored.revision());
        }
        AtomicFiles.write(folder.resolve(name + ".json"), identity.toJson());
        identities.put(name, identity);
    }

    /**
     * @param service  a service the identities must offer, enabled
     * @param count    the most IDURLs wanted
     * @param excluded IDURLs of identities to leave out (any of an identity's IDURLs counts)
     * @param random   the source of the sample
     * @return the primary IDURLs of a random sample of matching identities
     */
    List<IdUrl> sample(String service, int count, Set<IdUrl> excluded, Random random) {
        List<IdUrl> candidates = new ArrayList<>();
        for (Identity identity : identities.values()) {
            if (identity.offers(service) && identity.idurls().stream().noneMatch(excluded::contains)) {
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
        return (int) identities.values().stream().filter(i -> i.idurls().stream().anyMatch(idurl)).count();
    }

    /**
     * @param text  a part of a nickname, compared case-insensitively
     * @param limit the most IDURLs wanted
     * @return the primary IDURLs of the identities whose nickname contains {@code text}, sorted
     */
    List<IdUrl> search(String text, int limit) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return identities.values().stream()
                .filter(identity -> identity.nickname().toLowerCase(Locale.ROOT).contains(wanted))
                .map(Identity::idurl).sorted().limit(limit).toList();
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
