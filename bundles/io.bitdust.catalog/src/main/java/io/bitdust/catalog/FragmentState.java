package io.bitdust.catalog;

import io.bitdust.pipeline.FragmentName;
import java.time.Instant;

/**
 * A fragment as the catalog records it: which one, its opaque object name at the supplier, its size and whether it
 * is delivered to the supplier at its position.
 *
 * @param ref        which fragment
 * @param objectName the opaque name it is stored under at the supplier ({@link NamingKey#fragment(FragmentName)})
 * @param size       its size in bytes
 * @param delivered  when the supplier at its position acknowledged it, null while it is not delivered there
 */
public record FragmentState(FragmentName ref, String objectName, long size, Instant delivered) {
    /** @return whether it is delivered to the supplier at its position */
    public boolean isDelivered() {
        return delivered != null;
    }
}
