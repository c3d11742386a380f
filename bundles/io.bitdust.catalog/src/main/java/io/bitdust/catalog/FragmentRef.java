package io.bitdust.catalog;

import io.bitdust.common.BitDustException;
import java.util.Objects;

/**
 * Names one fragment: block {@code block} of version {@code backupId}, at supplier position {@code position}, a Data
 * or a Parity fragment. The one place that names blocks and fragments: {@link #name()} is the original's fragment
 * name ({@code <backupID>/<block>-<position>-Data|Parity}, used only in the catalog and on this node) and
 * {@link #objectName(byte[])} the opaque name a supplier sees, which reveals neither path IDs nor version dates.
 *
 * @param backupId the version's backup ID, {@code <pathID>/<version name>}
 * @param block    the block number, from 0
 * @param position the supplier position, from 0
 * @param parity   whether it is a Parity fragment (else Data)
 */
public record FragmentRef(String backupId, int block, int position, boolean parity) {
    /** The shortest naming key {@link #objectName} accepts, in bytes. */
    public static final int MIN_KEY_LENGTH = 16;

    /** @throws BitDustException INVALID_ARGUMENT for a negative block or position or an empty backup ID */
    public FragmentRef {
        Objects.requireNonNull(backupId, "backupId");
        if (backupId.isEmpty() || backupId.indexOf('/') < 0) {
            throw BitDustException.invalid("not a backup ID: '" + backupId + "'");
        }
        if (block < 0 || position < 0) {
            throw BitDustException.invalid("negative block " + block + " or position " + position + " of "
                    + backupId);
        }
    }

    /** @return {@code Parity} or {@code Data} */
    public String kind() {
        return parity ? "Parity" : "Data";
    }

    /** @return {@code <backupID>/<block>-<position>-Data|Parity} */
    public String name() {
        return backupId + "/" + block + "-" + position + "-" + kind();
    }

    /**
     * The opaque name the fragment is stored under at its supplier: lowercase hex of HMAC-SHA-256 under the naming
     * key over the UTF-8 bytes of {@link #name()}.
     *
     * @param namingKey the owner's secret naming key, at least {@value #MIN_KEY_LENGTH} bytes; not kept
     * @return 64 hex characters
     * @throws BitDustException INVALID_ARGUMENT for a shorter key
     */
    public String objectName(byte[] namingKey) {
        return new NamingKey(namingKey).fragment(this);
    }

    /**
     * @param name a name as {@link #name()} gives it
     * @return the reference it names
     * @throws BitDustException INVALID_ARGUMENT when it is not a fragment name
     */
    public static FragmentRef parse(String name) {
        int slash = name.lastIndexOf('/');
        String[] parts = slash < 0 ? new String[0] : name.substring(slash + 1).split("-", -1);
        if (parts.length != 3 || !(parts[2].equals("Data") || parts[2].equals("Parity"))) {
            throw BitDustException.invalid("not a fragment name: '" + name + "'");
        }
        try {
            return new FragmentRef(name.substring(0, slash), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    parts[2].equals("Parity"));
        } catch (NumberFormatException e) {
            throw BitDustException.invalid("not a fragment name: '" + name + "'");
        }
    }
}
