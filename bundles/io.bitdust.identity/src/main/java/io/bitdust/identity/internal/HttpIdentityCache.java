package io.bitdust.identity.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdentityCache} fetching over plain HTTP and keeping one file per IDURL in its folder, named by the
 * URL-encoded IDURL and holding the newest accepted document. Usable without OSGi; thread-safe.
 */
public final class HttpIdentityCache implements IdentityCache {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIdentityCache.class);

    private final Path folder;
    private final HttpTransfer http;
    private final Map<IdUrl, Identity> identities = new ConcurrentHashMap<>();

    /**
     * Loads the identities kept in {@code folder}; a damaged file is reported and skipped.
     *
     * @param folder  the cache folder; created when missing
     * @param timeout the longest one fetch may take, connecting included
     */
    public HttpIdentityCache(Path folder, Duration timeout) {
        this.folder = folder;
        this.http = new HttpTransfer(timeout, Identity.MAX_SIZE);
        AtomicFiles.createFolder(folder);
        load();
    }

    @Override
    public Identity get(IdUrl idurl) {
        Identity cached = identities.get(idurl);
        return cached != null ? cached : fetch(idurl);
    }

    @Override
    public Identity fetch(IdUrl idurl) {
        HttpTransfer.Answer answer = http.get(URI.create(idurl.toString()));
        if (answer.status() == 404) {
            throw BitDustException.notFound("no identity at " + idurl);
        }
        if (answer.status() != 200) {
            throw BitDustException.unavailable(idurl + " answered HTTP " + answer.status());
        }
        Identity fetched;
        try {
            fetched = Identity.parse(answer.body());
        } catch (BitDustException e) {
            throw BitDustException.invalid(idurl + ": " + e.getMessage());
        }
        if (!fetched.idurls().contains(idurl)) {
            throw BitDustException.invalid("the document at " + idurl + " does not list that IDURL");
        }
        return keep(idurl, fetched);
    }

    @Override
    public Optional<Identity> cached(IdUrl idurl) {
        return Optional.ofNullable(identities.get(idurl));
    }

    private synchronized Identity keep(IdUrl idurl, Identity fetched) {
        Identity known = identities.get(idurl);
        if (known != null) {
            if (!known.sameKeys(fetched)) {
                LOG.warn("Refused a key change for {} (revision {}); keeping the keys first seen", idurl,
                        fetched.revision());
                throw new BitDustException(ErrorCode.CONFLICT, "key change refused: the document at " + idurl
                        + " has other keys than the ones first seen for it");
            }
            if (fetched.revision() < known.revision()) {
                throw new BitDustException(ErrorCode.CONFLICT, "older revision refused: " + idurl + " served revision "
                        + fetched.revision() + ", revision " + known.revision() + " is known");
            }
            if (fetched.revision() == known.revision()) {
                return known;
            }
        }
        AtomicFiles.write(folder.resolve(fileName(idurl)), fetched.toJson());
        identities.put(idurl, fetched);
        LOG.debug("Cached {} revision {}", idurl, fetched.revision());
        return fetched;
    }

    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                try {
                    IdUrl idurl = IdUrl.parse(URLDecoder.decode(file.getFileName().toString(), StandardCharsets.UTF_8));
                    if (Files.size(file) > Identity.MAX_SIZE) {
                        throw BitDustException.invalid("larger than " + Identity.MAX_SIZE + " bytes");
                    }
                    Identity identity = Identity.parse(Files.readAllBytes(file));
                    if (!identity.idurls().contains(idurl)) {
                        throw BitDustException.invalid("the document does not list " + idurl);
                    }
                    identities.put(idurl, identity);
                } catch (BitDustException | IOException e) {
                    LOG.warn("Skipped the cached identity {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot list the identity cache " + folder + ": " + e, e);
        }
        LOG.info("Identity cache in {} holds {} identities", folder, identities.size());
    }

    private static String fileName(IdUrl idurl) {
        return URLEncoder.encode(idurl.toString(), StandardCharsets.UTF_8);
    }
}
