package io.bitdust.transport;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends this node's packets to peers and receives theirs. A packet goes to the recipient's contacts, in the order of
 * its identity, over the transports that are up; when a contact fails the next one is tried. Received packets are
 * checked (recipient, date, the creator's signature from its identity) and invalid ones are dropped and counted;
 * replies complete the requests they answer (same packet ID, same peer) and other packets go to the
 * {@link PacketHandler} registered for their command. Thread-safe; no method blocks but {@link #ping}.
 */
@ProviderType
public interface Gateway {
    /**
     * Signs a new packet from this node, with a fresh packet ID, this node as owner and creator, dated now.
     *
     * @param command what it asks for
     * @param remote  the recipient
     * @param payload the body; not copied: do not change the array afterwards
     * @return the signed packet
     * @throws BitDustException UNAVAILABLE when this node has no identity yet
     */
    Packet packet(Command command, IdUrl remote, byte[] payload);

    /**
     * As {@link #packet(Command, IdUrl, byte[])}, with a payload of fields: its encoding (e.g. written into a buffer
     * its caller uses again once the packet is answered, {@link Payload.Builder#buildIn}) is the body, and the
     * SHA-256 its writer gave of a value is not computed again. The default copies the encoding; the node's gateway
     * does not.
     *
     * @param command what it asks for
     * @param remote  the recipient
     * @param payload the body; not copied: do not change its bytes while the packet is in use
     * @return the signed packet
     * @throws BitDustException UNAVAILABLE when this node has no identity yet
     */
    default Packet packet(Command command, IdUrl remote, Payload payload) {
        return packet(command, remote, payload.toBytes());
    }

    /**
     * Sends a packet and waits for the reply with its packet ID from its recipient. The wait is sized by the packet:
     * its transfer time (10 seconds plus one second per 256 KiB, by default), a short grace, and 10 seconds more for
     * the answer.
     *
     * @param packet a packet made by {@link #packet}
     * @return the reply; completes exceptionally with {@link BitDustException} NOT_FOUND when the recipient's identity
     *     cannot be found, UNAVAILABLE when no contact takes the packet, no reply comes in time, or the queue to the
     *     recipient is full
     */
    CompletionStage<Packet> request(Packet packet);

    /**
     * Sends a packet without waiting for a reply.
     *
     * @param packet a packet made by {@link #packet}
     * @return completes once a transport delivered it, or exceptionally as {@link #request}
     */
    CompletionStage<Void> send(Packet packet);

    /**
     * Sends my identity to a peer and waits for its Ack.
     *
     * @param peer    the peer's IDURL
     * @param timeout the longest wait
     * @return the round trip and the transport and contact used
     * @throws BitDustException NOT_FOUND "identity not found" when the peer's identity cannot be fetched; UNAVAILABLE
     *     "timed out" when no Ack comes in time, or "refused" when every contact refused the packet or the peer
     *     answered Fail
     */
    PingDTO ping(IdUrl peer, Duration timeout);

    /**
     * @param peer a peer's IDURL
     * @return whether the last exchange with it succeeded: a packet came from it, or it took one of mine
     */
    boolean online(IdUrl peer);

    /** @return the transports, active and failed, in the order their contacts appear in my identity */
    List<TransportDTO> transports();

    /** @return how many received packets were dropped as invalid since the gateway started */
    long dropped();
}
