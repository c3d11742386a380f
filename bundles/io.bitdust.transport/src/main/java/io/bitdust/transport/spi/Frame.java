package io.bitdust.transport.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One encoded packet on its way out, written without copying its payload. Immutable; may be written several times
 * (once per contact tried).
 */
@ProviderType
public interface Frame {
    /** @return the exact number of bytes {@link #writeTo} writes */
    int length();

    /**
     * @param out where to write the encoded packet; neither flushed nor closed
     * @throws IOException when writing fails
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * The one transfer-time rule, computed by the gateway: a base time plus the frame's length at the slowest speed
     * allowed. A transport bounds its send of this frame by it (connecting, writing, and waiting for the peer to take
     * it); the gateway waits a little longer before it tries the peer's next contact, so it never does while the
     * transport still sends this frame.
     *
     * @return the longest a transport may take to deliver this frame
     */
    Duration timeout();
}
