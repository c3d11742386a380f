package io.bitdust.identity.internal;

import io.bitdust.common.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.RecoveryRecord;
import io.bitdust.identity.RecoveryRecords;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecoveryRecords} over plain HTTP to the identity servers of my IDURLs: {@code PUT} and {@code GET
 * http://<host>:<port>/records/<name>}. Usable without OSGi; thread-safe.
 */
public final class HttpRecoveryRecords implements RecoveryRecords {
    /** The path of the records on an identity server, followed by the user name. */
    public static final String PATH = "/records/";
    private static final Logger LOG = LoggerFactory.getLogger(HttpRecoveryRecords.class);

    private final IdentityService identity;
    private final KeyRing keys;
    private final HttpTransfer http;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The highest revision published or seen; guarded by {@code this}. */
    private long last;

    /**
     * @param identity my identity: its IDURLs name the servers and the user name
     * @param keys     my keys: they seal, sign, verify and open
     * @param timeout  the longest one exchange with a server may take
     * @param clock    the time of revisions and dates
     */
    public HttpRecoveryRecords(IdentityService identity, KeyRing keys, Duration timeout, Clock clock) {
        this.identity = identity;
        this.keys = keys;
        this.http = new HttpTransfer(timeout, RecoveryRecord.MAX_SIZE);
        this.clock = clock;
    }

    @Override
    public Published publish(IdUrl owner, byte[] content) {
        if (content.length > MAX_CONTENT) {
            throw BitDustException.invalid("a recovery record holds at most " + MAX_CONTENT + " bytes, got "
                    + content.length);
        }
        Identity mine = mine();
        if (!mine.idurls().contains(owner)) {
            throw new BitDustException(ErrorCode.CONFLICT, "a recovery record of " + owner + " is not published: "
                    + "my identity is " + mine.idurl() + " now");
        }
        Published result = publishOnce(mine, content);
        if (result.accepted() < result.servers() && last > result.revision()) {
            // A server held a higher revision than mine (409): I learnt it, and go above it once.
            result = publishOnce(mine, content);
        }
        if (result.accepted() == 0) {
            throw BitDustException.unavailable("no identity server took my recovery record: "
                    + String.join("; ", result.problems()));
        }
        return result;
    }

    private Published publishOnce(Identity mine, byte[] content) {
        long revision;
        synchronized (this) {
            revision = Math.max(last + 1, clock.millis());
            last = revision;
        }
        byte[] sealed = SealedBox.seal(keys.agreementPublicKey(), content, random);
        RecoveryRecord record = RecoveryRecord.sign(mine.idurl().name(), revision, clock.instant(), sealed,
                keys::sign);
        byte[] body = record.toJson();
        Map<String, URI> servers = servers(mine);
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        for (Map.Entry<String, URI> server : servers.entrySet()) {
            try {
                HttpTransfer.Answer answer = http.put(server.getValue(), body);
                if (answer.status() == 200) {
                    accepted++;
                    continue;
                }
                problems.add(server.getKey() + " refused with HTTP " + answer.status() + refusal(answer));
                if (answer.status() == 409) {
                    learnHigher(server.getValue());
                }
            } catch (BitDustException e) {
                problems.add(server.getKey() + ": " + e.getMessage());
            }
        }
        LOG.debug("Recovery record revision {} taken by {} of {} identity servers", revision, accepted,
                servers.size());
        return new Published(revision, servers.size(), accepted, problems);
    }

    /** A server that refuses my revision may hold a higher one of mine (my clock is behind): I go above it. */
    private void learnHigher(URI uri) {
        try {
            HttpTransfer.Answer answer = http.get(uri);
            if (answer.status() == 200) {
                RecoveryRecord held = RecoveryRecord.parse(answer.body());
                if (held.verify(keys.signingPublicKey())) {
                    synchronized (this) {
                        last = Math.max(last, held.revision());
                    }
                }
            }
        } catch (BitDustException e) {
            LOG.debug("Cannot read my recovery record back from {}: {}", uri, e.getMessage());
        }
    }

    @Override
    public Fetched fetch() {
        Identity mine = mine();
        Map<String, URI> servers = servers(mine);
        List<String> problems = new ArrayList<>();
        int answered = 0;
        RecoveryRecord best = null;
        byte[] content = null;
        for (Map.Entry<String, URI> server : servers.entrySet()) {
            try {
                HttpTransfer.Answer answer = http.get(server.getValue());
                if (answer.status() == 404) {
                    answered++;
                    continue;
                }
                if (answer.status() != 200) {
                    problems.add(server.getKey() + " answered HTTP " + answer.status() + refusal(answer));
                    continue;
                }
                answered++;
                RecoveryRecord record = RecoveryRecord.parse(answer.body());
                if (!record.name().equals(mine.idurl().name())) {
                    throw BitDustException.invalid("the record is of '" + record.name() + "', not of '"
                            + mine.idurl().name() + "'");
                }
                if (!record.verify(keys.signingPublicKey())) {
                    throw BitDustException.invalid("the record's signature does not verify with my signing key");
                }
                byte[] opened = keys.openSealed(record.sealed());
                if (best == null || record.revision() > best.revision()) {
                    best = record;
                    content = opened;
                }
            } catch (BitDustException e) {
                problems.add(server.getKey() + ": " + e.getMessage());
            }
        }
        if (best != null) {
            synchronized (this) {
                last = Math.max(last, best.revision());
            }
        }
        if (!problems.isEmpty()) {
            LOG.warn("Reading my recovery record: {}", String.join("; ", problems));
        }
        return new Fetched(Optional.ofNullable(content), best == null ? 0 : best.revision(), servers.size(), answered,
                problems);
    }

    private Identity mine() {
        return identity.identity().orElseThrow(() -> BitDustException.notFound("there is no identity yet: create "
                + "or recover one first"));
    }

    /** @return {@code host:port} to the record's address, one per server of my IDURLs */
    private static Map<String, URI> servers(Identity mine) {
        Map<String, URI> servers = new LinkedHashMap<>();
        for (IdUrl idurl : mine.idurls()) {
            String server = idurl.host() + ":" + idurl.port();
            servers.putIfAbsent(server, URI.create(idurl.scheme() + "://" + server + PATH + idurl.name()));
        }
        return servers;
    }

    /** @return {@code ": <first error>"} of an ERROR envelope, or nothing */
    private static String refusal(HttpTransfer.Answer answer) {
        try {
            JsonNode errors = Json.mapper().readTree(answer.body()).path("errors");
            return errors.path(0).isTextual() ? ": " + errors.path(0).textValue() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
