package io.bitdust.identity;

import io.bitdust.common.BitDustException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's own identity: created once, signed with the node's keys, kept in the data folder, and published on the
 * identity servers of its IDURLs. Publication is automatic: every new revision (created, updated, recovered) is sent
 * to every server, and sent again with a growing pause to each server that did not take it, until all have it; then
 * it is sent again at a slow period, in case a server lost it. Thread-safe.
 */
@ProviderType
public interface IdentityService {

    /** @return my identity, empty until one is created */
    Optional<Identity> identity();

    /**
     * Creates my identity, revision 1, with one IDURL {@code http://<server>/<username>.json} for each known identity
     * server (at most {@value Identity#MAX_IDURLS}), no contacts and the supplier service disabled.
     *
     * @param username the name on the identity servers: 3 to 32 of a-z, 0-9, _ and -, starting with a letter or digit
     * @return the new identity, stored
     * @throws BitDustException CONFLICT when an identity exists; INVALID_ARGUMENT for a bad name; INTERNAL when it
     *     cannot be stored
     */
    Identity create(String username);

    /**
     * Changes my identity, e.g. {@code update(b -> b.contacts(List.of("tcp://198.51.100.7:7771")))}. The change may
     * set contacts, services and nickname; keys, IDURLs, revision and date are set here: the revision grows by one,
     * the date is now, and the document is signed again, stored and then published like every new revision (see
     * above); {@link #propagate} sends it at once and waits for the servers' answers.
     *
     * @param change edits a builder holding the current identity
     * @return the new revision
     * @throws BitDustException NOT_FOUND when there is no identity yet; INVALID_ARGUMENT when the change makes the
     *     document invalid (nothing changes then)
     */
    Identity update(UnaryOperator<Identity.Builder> change);

    /**
     * Sends my identity to every identity server of its IDURLs ({@code POST http://<host>:<port>/}) now, one after the
     * other, each bounded by a timeout; the automatic publication learns the results.
     *
     * @return one result per server, in the order of the option
     * @throws BitDustException NOT_FOUND when there is no identity yet
     */
    List<PropagationResult> propagate();

    /**
     * Makes a recovered identity this node's own, replacing the one it had. Import the identity's keys into the key
     * ring first: the identity must carry the key ring's signing key.
     *
     * @param identity a valid identity, e.g. from an identity backup or fetched from its identity server
     * @return the identity now in use
     * @throws BitDustException INVALID_ARGUMENT when its keys are not the key ring's
     */
    Identity recover(Identity identity);

    /**
     * @return for each identity server of my IDURLs, whether it has my current revision, the last result and the next
     *     attempt; empty when there is no identity yet
     */
    List<Publication> publication();

    /**
     * Subscribes to changes of my identity: created, updated, recovered.
     *
     * @param listener called with the new identity after it is stored, on the thread that changed it; it must return
     *                 promptly (hand slow work to a thread of its own)
     * @return a handle that unsubscribes when closed
     */
    Subscription subscribe(Consumer<Identity> listener);

    /**
     * Says that this node is about to take on another identity: the listeners of {@link #subscribeBeforeRecovery}
     * are told on this thread, while the key ring still holds my present keys, so that each can end what it holds
     * under this identity (the suppliers hired as it, say). Call it once the other identity's key backup is known to
     * be good and before its keys are imported; it changes nothing here.
     *
     * @param next the identity about to be recovered
     */
    void beforeRecovery(Identity next);

    /**
     * Subscribes to {@link #beforeRecovery}.
     *
     * @param listener called with the identity about to be recovered, on the thread that announced it, before the
     *                 keys change; it must return promptly
     * @return a handle that unsubscribes when closed
     */
    Subscription subscribeBeforeRecovery(Consumer<Identity> listener);

    /** A handle on a subscription; closing it stops the notifications. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
