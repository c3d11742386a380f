package io.bitdust.http.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret every API request must carry, kept in {@code ${karaf.data}/bitdust/apisecret} (owner-only), made on
 * first start.
 */
final class ApiSecret {
    private final Path file;
    private final byte[] secret;

    private ApiSecret(Path file, byte[] secret) {
        this.file = file;
        this.secret = secret;
    }

    /** @return the secret in {@code file}, written there first when the file does not exist */
    static ApiSecret loadOrCreate(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                AtomicFiles.createFolder(file.getParent());
                AtomicFiles.write(file, (HexFormat.of().formatHex(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.isEmpty()) {
                throw new BitDustException(ErrorCode.INTERNAL, "the API secret file " + file + " is empty");
            }
            return new ApiSecret(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot read or create the API secret " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return where the secret is kept */
    Path file() {
        return file;
    }

    /** @return whether {@code candidate} is the secret, compared in constant time */
    boolean matches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(secret, candidate.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
