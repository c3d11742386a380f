package io.bitdust.transport.spi;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to carry encoded packets between nodes: TCP, HTTP, or any protocol a third-party bundle adds. Register an
 * implementation as an OSGi service with the property {@value #PROTOCOL_PROPERTY}; the gateway is its only caller.
 *
 * <p>Lifecycle: the gateway calls {@link #start} until it succeeds, then {@link #send} any number of times from any
 * thread, then {@link #stop} once, when the transport goes away. A {@link #start} that throws is recorded as failed,
 * with its message, and called again on the same object after a pause that doubles from 1 s up to 1 min, so a
 * transport comes up by itself once, say, its port is free again; a start that takes longer than a few seconds is
 * shown as failed until it ends. So a failed start must leave nothing behind (no socket, no thread), and its message
 * should tell a user what to change (the address, the port, the option that moves it). {@link #stop} may come
 * without any successful start. A gateway that stops (e.g. when the identity bundle restarts) stops its transports, and
 * the gateway that follows must get new ones: register the service with bundle scope (a {@code ServiceFactory}, DS
 * {@code scope = ServiceScope.BUNDLE}, or {@code io.bitdust.config.ReconfiguringService}, which does so). Every method
 * must return promptly: blocking work belongs on the transport's own threads.
 */
@ConsumerType
public interface Transport {
    /**
     * The service property naming the protocol, e.g. {@code tcp}; it must equal {@link #protocol()} and the scheme of
     * the contacts the transport publishes and accepts.
     */
    String PROTOCOL_PROPERTY = "bitdust.transport.protocol";

    /** @return the protocol, lower case, e.g. {@code tcp}: the scheme of its contacts */
    String protocol();

    /**
     * Starts receiving: from now on, every packet that arrives is handed to {@code sink}.
     *
     * @param sink where received packets go
     * @return the contacts where peers reach this node with this transport, best first, e.g.
     *     {@code tcp://198.51.100.7:7771}; each at most 256 characters
     * @throws IOException when the transport cannot listen, with a message a user can act on; it is not used until a
     *     later call succeeds
     */
    List<String> start(InboundSink sink) throws IOException;

    /**
     * Sends one encoded packet to a contact. The returned stage completes once the peer's transport has handed the
     * packet to its sink, and completes exceptionally when that cannot be known to have happened (refused, closed,
     * timed out); the gateway then tries the peer's next contact. The transport bounds the time it takes.
     *
     * @param contact one of the peer's contacts with this transport's scheme
     * @param frame   the encoded packet
     * @return the delivery
     */
    CompletionStage<Void> send(String contact, Frame frame);

    /**
     * Stops receiving and sending; sends in progress complete exceptionally. Also called on a transport whose start
     * never succeeded.
     */
    void stop();
}
