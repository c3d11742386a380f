package io.bitdust.transport.spi;

import java.io.IOException;
import java.io.OutputStream;
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
}
