package io.bitdust.messaging;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Private messages, correspondents and nickname search. A message is sealed to its recipient's key and signed by me
 * inside the seal (docs/protocol.md §4); it is kept in my history and sent again, with a growing pause, while the
 * recipient cannot be reached, within a bounded count of attempts and age, also across restarts; the recipient keeps
 * it once however often it arrives. Thread-safe.
 */
@ProviderType
public interface MessagingService {
    /** The longest message body, in UTF-8 bytes. */
    int MAX_BODY_BYTES = 16 * 1024;

    /**
     * Queues a message and makes a first attempt to deliver it, waiting a few seconds for its outcome.
     *
     * @param recipient the recipient's IDURL
     * @param body      the text, 1 to {@value #MAX_BODY_BYTES} bytes of UTF-8
     * @return the message with its state then: DELIVERED, FAILED (with the reason), or QUEUED or SENT while the
     *     attempts go on
     * @throws BitDustException INVALID_ARGUMENT for an empty or oversized body or a message to myself; NOT_FOUND when
     *     the recipient's identity cannot be found (unknown recipient); UNAVAILABLE while I have no identity
     */
    MessageDTO send(IdUrl recipient, String body);

    /**
     * @param correspondent only the messages to and from this node; null for all
     * @param offset        how many of the newest to skip, 0 or more
     * @param limit         the most to return, 1 to 1000
     * @return messages of both directions, newest first
     * @throws BitDustException INVALID_ARGUMENT for an offset or limit out of range
     */
    List<MessageDTO> messages(IdUrl correspondent, int offset, int limit);

    /** @return my correspondents, by nickname then IDURL */
    List<CorrespondentDTO> correspondents();

    /**
     * Adds a correspondent or changes its nickname.
     *
     * @param idurl    its IDURL
     * @param nickname the nickname to show; empty to take the one of its identity (its name when that cannot be read)
     * @return the correspondent as kept
     * @throws BitDustException INVALID_ARGUMENT for a nickname longer than 64 characters or with control characters
     */
    CorrespondentDTO addCorrespondent(IdUrl idurl, String nickname);

    /**
     * @param idurl a correspondent's IDURL
     * @return the correspondent removed
     * @throws BitDustException NOT_FOUND when it is not a correspondent
     */
    CorrespondentDTO removeCorrespondent(IdUrl idurl);

    /**
     * Asks every known identity server ({@code services/identity-propagate/known-servers}) for identities whose
     * nickname contains the text, case-insensitively, and reads each one found.
     *
     * @param nickname a part of a nickname, not blank
     * @return the nodes found, each once, by nickname then IDURL; a server that does not answer adds nothing
     * @throws BitDustException INVALID_ARGUMENT for a blank text
     */
    List<CorrespondentDTO> findByNickname(String nickname);

    /**
     * @return how many messages to me were refused or dropped since the start, by reason (e.g. {@code signature},
     *     {@code sender}, {@code not-sealed-to-me}), and how many arrived again and were not stored twice
     *     ({@code duplicate})
     */
    Map<String, Long> refusals();

    /** @return how many of my messages are queued or sent, not delivered yet */
    int pending();
}
