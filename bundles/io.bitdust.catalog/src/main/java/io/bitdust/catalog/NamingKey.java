package io.bitdust.catalog;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.KeyRing;
import io.bitdust.pipeline.FragmentName;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The owner's secret key for the opaque names its objects have at the suppliers, and those names: suppliers see
 * neither path IDs nor version dates, and nobody without my keys can tell which objects belong to one version. A
 * fragment's object name is the lowercase hex HMAC-SHA-256 of its {@link FragmentName} text
 * ({@code <backupID>/<block>-<position>-Data|Parity}). Derived from the key ring, so a node that recovered its keys
 * finds its objects again. Immutable.
 */
public final class NamingKey {
    /** The shortest naming key accepted, in bytes. */
    public static final int MIN_KEY_LENGTH = 16;
    /**
     * What the signing key signs to derive the naming key; never signed for anything else. Ed25519 signatures are
     * deterministic (RFC 8032), so the same keys always give the same naming key.
     */
    static final byte[] LABEL = "bitdust/naming-key/v1\n".getBytes(StandardCharsets.US_ASCII);
    /** The object name of the catalog export at every supplier, which the supplier keeps one copy of. */
    public static final String CATALOG_OBJECT = "catalog";
    /**
     * What the object name of every manifest starts with, and no fragment's (those are hex digits only): the owner
     * finds the manifests among the names a supplier lists without knowing their backup IDs, e.g. versions its
     * catalog lost. Suppliers learn only which objects are manifests, which their sizes tell anyway.
     */
    public static final String MANIFEST_PREFIX = "m";
    private static final Pattern MANIFEST_NAME = Pattern.compile("m[0-9a-f]{64}");

    private final byte[] key;
    /**
     * HMAC-SHA-256 keyed once; each name is hashed by a clone of it, so a backup's thousands of names cost no key
     * setup each (nor its compilation by the JIT). Only read, by any thread.
     */
    private final Mac keyed;

    /**
     * @param key the key bytes, at least {@value #MIN_KEY_LENGTH}; copied
     * @throws BitDustException INVALID_ARGUMENT for a missing or shorter key
     */
    public NamingKey(byte[] key) {
        if (key == null || key.length < MIN_KEY_LENGTH) {
            throw BitDustException.invalid("the naming key must have at least " + MIN_KEY_LENGTH + " bytes");
        }
        this.key = key.clone();
        try {
            keyed = Mac.getInstance("HmacSHA256");
            keyed.init(new SecretKeySpec(this.key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "HMAC-SHA-256 is missing from the JDK", e);
        }
    }

    /**
     * @param keys this node's key ring
     * @return the naming key: SHA-256 of my Ed25519 signature over {@code "bitdust/naming-key/v1\n"}
     * @throws BitDustException UNAVAILABLE while the node has no keys
     */
    public static NamingKey of(KeyRing keys) {
        byte[] signature = keys.sign(LABEL);
        try {
            return new NamingKey(MessageDigest.getInstance("SHA-256").digest(signature));
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "SHA-256 is missing from the JDK", e);
        } finally {
            Arrays.fill(signature, (byte) 0);
        }
    }

    /**
     * @param name a fragment
     * @return the opaque name it is stored under at its supplier: 64 lowercase hex digits, HMAC-SHA-256 under this key
     *     over the UTF-8 bytes of its name, {@code <backupID>/<block>-<position>-Data|Parity}
     * @throws BitDustException INVALID_ARGUMENT for a block number beyond what the catalog names (an int)
     */
    public String fragment(FragmentName name) {
        if (name.block() > Integer.MAX_VALUE) {
            throw BitDustException.invalid("block " + name.block() + " of " + name.backupId() + " exceeds "
                    + Integer.MAX_VALUE);
        }
        return hmac(name.toString());
    }

    /**
     * As {@link #fragment(FragmentName)}, for the fragment these parts name.
     *
     * @param backupId the version's backup ID
     * @param block    the block number
     * @param position the supplier position
     * @param parity   whether it is a Parity fragment
     * @return the fragment's object name
     * @throws BitDustException INVALID_ARGUMENT for a malformed backup ID, a negative number, or a block number beyond
     *     what the catalog names (an int)
     */
    public String fragment(String backupId, long block, int position, boolean parity) {
        return fragment(new FragmentName(backupId, block, position, parity));
    }

    /**
     * @param backupId a version's backup ID
     * @return the object name of its manifest: {@value #MANIFEST_PREFIX} followed by the lowercase hex of
     *     HMAC-SHA-256 over {@code <backupID>/manifest}
     */
    public String manifest(String backupId) {
        return MANIFEST_PREFIX + hmac(backupId + "/manifest");
    }

    /**
     * @param objectName an object name, e.g. from a supplier's listing
     * @return whether it has the form of a manifest's name ({@link #manifest}): {@value #MANIFEST_PREFIX} and 64
     *     lowercase hex digits; whose manifest it is, and whether it is one at all, only its signed content tells
     */
    public static boolean isManifest(String objectName) {
        return objectName != null && MANIFEST_NAME.matcher(objectName).matches();
    }

    private String hmac(String name) {
        try {
            Mac mac = (Mac) keyed.clone();
            return HexFormat.of().formatHex(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "the JDK's HMAC-SHA-256 cannot be cloned", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamingKey && MessageDigest.isEqual(key, ((NamingKey) other).key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "NamingKey[secret]";
    }
}
