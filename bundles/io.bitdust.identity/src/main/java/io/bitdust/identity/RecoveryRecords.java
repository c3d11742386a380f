package io.bitdust.identity;

import io.bitdust.common.IdUrl;
import io.bitdust.common.BitDustException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * My recovery record on the identity servers of my IDURLs (docs/protocol.md §1.6): a small content only I can read
 * (sealed to my own agreement key) and only I can change (signed with my signing key), kept elsewhere than at my
 * suppliers, so that a node that recovered my identity from its key backup finds them again. The suppliers area
 * publishes its family there. Both methods talk to the servers on the caller's thread, each server bounded by a
 * timeout. Thread-safe.
 */
@ProviderType
public interface RecoveryRecords {
    /** The largest content {@link #publish} takes, in bytes. */
    int MAX_CONTENT = 32 * 1024;

    /**
     * Seals {@code content} to my agreement key, signs it as a new revision and sends it to every identity server of
     * my IDURLs ({@code PUT /records/<name>}). The revision is above the last one I published and at least the current
     * time in milliseconds, so a recovered node without local state still goes higher; a server that holds a higher
     * revision of my record (its 409) makes me publish once more above it.
     *
     * @param owner   the identity the content belongs to: nothing is sent when my identity is another by now (the
     *                content was made for the identity the node had before a recovery, and must not overwrite the
     *                recovered identity's record)
     * @param content the content, at most {@value #MAX_CONTENT} bytes
     * @return what each server said
     * @throws BitDustException NOT_FOUND when I have no identity yet; CONFLICT when my identity is not
     *     {@code owner}; INVALID_ARGUMENT for content too large; UNAVAILABLE when no server took it (the message
     *     names each server's answer)
     */
    Published publish(IdUrl owner, byte[] content);

    /**
     * Reads my record from every identity server of my IDURLs ({@code GET /records/<name>}), keeps those whose
     * signature verifies with my signing key and whose seal opens with my keys, and returns the content of the one of
     * the highest revision.
     *
     * @return the newest valid content, if any server had one, and how many servers answered
     * @throws BitDustException NOT_FOUND when I have no identity yet
     */
    Fetched fetch();

    /**
     * What {@link #publish} did.
     *
     * @param revision the revision sent
     * @param servers  how many servers it was sent to
     * @param accepted how many took it
     * @param problems one line per server that did not take it, naming the server
     */
    record Published(long revision, int servers, int accepted, List<String> problems) {
        /** Copies the problems. */
        public Published {
            problems = List.copyOf(problems);
        }
    }

    /**
     * What {@link #fetch} found.
     *
     * @param content  the content of the newest valid record; empty when none was found
     * @param revision its revision; 0 when none was found
     * @param servers  how many servers were asked
     * @param answered how many answered (with a record, or that they hold none)
     * @param problems one line per server that did not answer or answered something invalid, naming the server
     */
    record Fetched(Optional<byte[]> content, long revision, int servers, int answered, List<String> problems) {
        /** Copies the problems. */
        public Fetched {
            problems = List.copyOf(problems);
        }
    }
}
