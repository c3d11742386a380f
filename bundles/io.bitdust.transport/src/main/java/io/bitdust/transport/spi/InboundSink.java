package io.bitdust.transport.spi;

import io.bitdust.transport.packet.PacketException;
import java.io.IOException;
import java.io.InputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link Transport} hands the packets it receives: the gateway. Thread-safe; transports call it from their
 * own threads, one packet at a time per connection.
 */
@ProviderType
public interface InboundSink {
    /** @return the longest encoded packet, in bytes, {@link #receive} accepts: refuse longer ones before reading */
    int maxLength();

    /**
     * Reads exactly one encoded packet of {@code length} bytes from {@code in} and queues it for checking and
     * handling. May block while the gateway's inbound queue is full (back pressure), for a bounded time.
     *
     * @param in     the packet's bytes; exactly {@code length} are read on success, and the stream is not closed
     * @param length the packet's length, at most {@link #maxLength()}
     * @throws IOException     when reading fails
     * @throws PacketException when the bytes are not one well-formed packet of that length; the stream is then at an
     *                         unknown position, so a stream-oriented transport must close its connection
     */
    void receive(InputStream in, int length) throws IOException;
}
