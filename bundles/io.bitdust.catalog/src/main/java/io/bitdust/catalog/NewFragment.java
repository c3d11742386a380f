package io.bitdust.catalog;

import io.bitdust.common.BitDustException;
import io.bitdust.pipeline.FragmentName;
import java.util.Objects;

/**
 * A fragment to record before it is sent: which one, its opaque object name at the supplier and its size.
 *
 * @param ref        the fragment
 * @param objectName its opaque name at the supplier ({@link NamingKey#fragment(FragmentName)}), 1 to 128 characters
 * @param size       its size in bytes, not negative
 */
public record NewFragment(FragmentName ref, String objectName, long size) {
    /** @throws BitDustException INVALID_ARGUMENT for a missing or too long object name, or a negative size */
    public NewFragment {
        Objects.requireNonNull(ref, "ref");
        if (objectName == null || objectName.isEmpty() || objectName.length() > 128) {
            throw BitDustException.invalid("not an object name for " + ref + ": '" + objectName + "'");
        }
        if (size < 0) {
            throw BitDustException.invalid("negative size " + size + " of " + ref);
        }
    }
}
