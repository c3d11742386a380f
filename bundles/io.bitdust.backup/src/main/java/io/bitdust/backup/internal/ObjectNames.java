package io.bitdust.backup.internal;

import io.bitdust.catalog.FragmentRef;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.pipeline.FragmentName;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque names a version's objects are stored under at its suppliers: a fragment's is
 * {@link FragmentRef#objectName}, a manifest's the same keyed hash over {@code <backupID>/manifest}. Suppliers see
 * neither path IDs nor version dates.
 */
final class ObjectNames {
    private ObjectNames() {
    }

    /**
     * @param namingKey a naming key
     * @throws BitDustException INVALID_ARGUMENT when it is missing or shorter than
     *     {@value FragmentRef#MIN_KEY_LENGTH} bytes
     */
    static void checkKey(byte[] namingKey) {
        if (namingKey == null || namingKey.length < FragmentRef.MIN_KEY_LENGTH) {
            throw BitDustException.invalid("the naming key must have at least " + FragmentRef.MIN_KEY_LENGTH
                    + " bytes");
        }
    }

    /**
     * @param namingKey the owner's naming key, at least {@value FragmentRef#MIN_KEY_LENGTH} bytes
     * @param name      a fragment's name
     * @return its object name
     * @throws BitDustException INVALID_ARGUMENT for a short key or a block number beyond what the catalog names
     */
    static String fragment(byte[] namingKey, FragmentName name) {
        if (name.block() > Integer.MAX_VALUE) {
            throw BitDustException.invalid("block " + name.block() + " of " + name.backupId() + " exceeds "
                    + Integer.MAX_VALUE);
        }
        return new FragmentRef(name.backupId(), (int) name.block(), name.position(), name.parity())
                .objectName(namingKey);
    }

    /**
     * @param namingKey the owner's naming key, at least {@value FragmentRef#MIN_KEY_LENGTH} bytes
     * @param backupId  a version's backup ID
     * @return the object name of its manifest: lowercase hex of HMAC-SHA-256 over {@code <backupID>/manifest}
     * @throws BitDustException INVALID_ARGUMENT for a short key
     */
    static String manifest(byte[] namingKey, String backupId) {
        checkKey(namingKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(namingKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((backupId + "/manifest").getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "HMAC-SHA-256 is missing", e);
        }
    }
}
