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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdentityCache} fetching over plain HTTP and keeping one file per IDURL in its folder, named by the
 * URL-encoded IDURL and holding the newest accepted document. It holds at most a set number of identities (default
 * {@value #DEFAULT_MAX_IDENTITIES}): past it, the least recently used (fetched, read or kept) identity that nobody
 * {@link #retain retains} is evicted from memory and disk. Retained identities are never evicted, even when they alone
 * exceed the bound (logged once at WARN). The IDURLs retained are also kept in {@value #RETAINED_FILE}, so that after
 * a restart they are the last evicted until their holders retain them again. Usable without OSGi; thread-safe.
 */
public final class HttpIdentityCache implements IdentityCache {
    /** The default most identities kept; retained ones are kept even past it. */
    public static final int DEFAULT_MAX_IDENTITIES = 10_000;
    /** The file, in the cache folder, listing the IDURLs retained, one a line. */
    public static final String RETAINED_FILE = "retained.txt";

    private static final Logger LOG = LoggerFactory.getLogger(HttpIdentityCache.class);

    private final Path folder;
    private final HttpTransfer http;
    private final int maxIdentities;
    /** The entries nobody retains, least recently used first; guarded by {@code this}. */
    private final LinkedHashMap<IdUrl, Identity> evictable = new LinkedHashMap<>(16, 0.75f, true);
    /** The entries retained; guarded by {@code this}. */
    private final Map<IdUrl, Identity> retained = new HashMap<>();
    /** The open holds per IDURL, cached or not; guarded by {@code this}. */
    private final Map<IdUrl, Integer> holds = new HashMap<>();
    /** Whether the holds exceeding the bound were reported; guarded by {@code this}. */
    private boolean reportedOverBound;

    /**
     * As {@link #HttpIdentityCache(Path, Duration, int)} with at most {@value #DEFAULT_MAX_IDENTITIES} identities.
     *
     * @param folder  the cache folder; created when missing
     * @param timeout the longest one fetch may take, connecting included
     */
    public HttpIdentityCache(Path folder, Duration timeout) {
        this(folder, timeout, DEFAULT_MAX_IDENTITIES);
    }

    /**
     * Loads the identities kept in {@code folder}; a damaged file is reported and skipped. They are loaded as used in
     * the order their files were written, the ones retained when the cache was last used as the most recent; none is
     * evicted before the next identity is kept or a hold is released, so that holders may retain theirs first.
     *
     * @param folder        the cache folder; created when missing
     * @param timeout       the longest one fetch may take, connecting included
     * @param maxIdentities the most identities kept; retained ones are kept even past it
     * @throws BitDustException INVALID_ARGUMENT when {@code maxIdentities} is below 1
     */
    public HttpIdentityCache(Path folder, Duration timeout, int maxIdentities) {
        if (maxIdentities < 1) {
            throw BitDustException.invalid("the identity cache must hold at least 1 identity, got " + maxIdentities);
        }
        this.folder = folder;
        this.http = new HttpTransfer(timeout, Identity.MAX_SIZE);
        this.maxIdentities = maxIdentities;
        AtomicFiles.createFolder(folder);
        load();
    }

    @Override
    public Identity get(IdUrl idurl) {
        Identity cached = lookup(idurl);
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
        return Optional.ofNullable(lookup(idurl));
    }

    @Override
    public synchronized Retention retain(IdUrl idurl) {
        if (holds.merge(idurl, 1, Integer::sum) == 1) {
            Identity entry = evictable.remove(idurl);
            if (entry != null) {
                retained.put(idurl, entry);
            }
            saveRetained();
            if (holds.size() > maxIdentities && !reportedOverBound) {
                reportedOverBound = true;
                LOG.warn("{} identities are retained, more than the identity cache's bound of {}; all are kept",
                        holds.size(), maxIdentities);
            }
        }
        return new Hold(idurl);
    }

    private synchronized void release(IdUrl idurl) {
        int left = holds.merge(idurl, -1, Integer::sum);
        if (left > 0) {
            return;
        }
        holds.remove(idurl);
        Identity entry = retained.remove(idurl);
        if (entry != null) {
            evictable.put(idurl, entry);
        }
        saveRetained();
        if (holds.size() <= maxIdentities) {
            reportedOverBound = false;
        }
        trim(null);
    }

    private synchronized Identity lookup(IdUrl idurl) {
        Identity held = retained.get(idurl);
        return held != null ? held : evictable.get(idurl);
    }

    private synchronized Identity keep(IdUrl idurl, Identity fetched) {
        Identity known = lookup(idurl);
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
        if (holds.containsKey(idurl)) {
            retained.put(idurl, fetched);
        } else {
            evictable.put(idurl, fetched);
        }
        LOG.debug("Cached {} revision {}", idurl, fetched.revision());
        if (known == null) {
            trim(idurl);
        }
        return fetched;
    }

    /** Evicts the least recently used identities nobody retains, but {@code spare}, until within the bound. */
    private void trim(IdUrl spare) {
        Iterator<Map.Entry<IdUrl, Identity>> eldest = evictable.entrySet().iterator();
        while (evictable.size() + retained.size() > maxIdentities && eldest.hasNext()) {
            IdUrl idurl = eldest.next().getKey();
            if (idurl.equals(spare)) {
                continue;
            }
            eldest.remove();
            try {
                Files.deleteIfExists(folder.resolve(fileName(idurl)));
            } catch (IOException e) {
                LOG.warn("Cannot remove the evicted identity {} from the cache folder: {}", idurl, e.getMessage());
            }
            LOG.debug("Evicted {} from the identity cache", idurl);
        }
    }

    private void saveRetained() {
        StringBuilder lines = new StringBuilder();
        holds.keySet().stream().map(IdUrl::toString).sorted().forEach(idurl -> lines.append(idurl).append('\n'));
        try {
            AtomicFiles.write(folder.resolve(RETAINED_FILE), lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (BitDustException e) {
            LOG.warn("Cannot record the retained identities: {}", e.getMessage());
        }
    }

    private record Loaded(IdUrl idurl, Identity identity, boolean retained, FileTime written) {
    }

    private void load() {
        Set<IdUrl> retainedBefore = loadRetained();
        List<Loaded> loaded = new ArrayList<>();
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
                    loaded.add(new Loaded(idurl, identity, retainedBefore.contains(idurl),
                            Files.getLastModifiedTime(file)));
                } catch (BitDustException | IOException e) {
                    LOG.warn("Skipped the cached identity {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot list the identity cache " + folder + ": " + e, e);
        }
        loaded.sort(Comparator.comparing(Loaded::retained).thenComparing(Loaded::written));
        synchronized (this) {
            loaded.forEach(entry -> evictable.put(entry.idurl(), entry.identity()));
        }
        LOG.info("Identity cache in {} holds {} identities (at most {})", folder, loaded.size(), maxIdentities);
    }

    private Set<IdUrl> loadRetained() {
        Set<IdUrl> idurls = new HashSet<>();
        Path file = folder.resolve(RETAINED_FILE);
        if (!Files.exists(file)) {
            return idurls;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    idurls.add(IdUrl.parse(line.trim()));
                }
            }
        } catch (IOException | BitDustException e) {
            LOG.warn("Ignored the damaged list of retained identities {}: {}", file, e.getMessage());
        }
        return idurls;
    }

    private static String fileName(IdUrl idurl) {
        return URLEncoder.encode(idurl.toString(), StandardCharsets.UTF_8);
    }

    /** One open hold on an IDURL. */
    private final class Hold implements Retention {
        private final IdUrl idurl;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Hold(IdUrl idurl) {
            this.idurl = idurl;
        }

        @Override
        public IdUrl idurl() {
            return idurl;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(idurl);
            }
        }
    }
}
