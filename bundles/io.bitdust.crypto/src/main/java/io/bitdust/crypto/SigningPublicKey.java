package io.bitdust.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.bitdust.common.BitDustException;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.util.Arrays;

/**
 * An Ed25519 public key: 32 raw bytes (RFC 8032 encoding), written in text and JSON as base64url without padding.
 * Only valid curve points are accepted. Immutable and thread-safe.
 */
public final class SigningPublicKey {
    /** Length of the raw encoding in bytes. */
    public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

    private final byte[] bytes;
    private final Ed25519PublicKeyParameters parameters;

    private SigningPublicKey(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw BitDustException.invalid("an Ed25519 public key has " + LENGTH + " bytes");
        }
        this.bytes = bytes.clone();
        try {
            this.parameters = new Ed25519PublicKeyParameters(this.bytes);
        } catch (IllegalArgumentException e) {
            throw BitDustException.invalid("not an Ed25519 public key: " + Base64Url.encode(bytes));
        }
    }

    /**
     * @param bytes the 32-byte encoding; copied
     * @return the key
     * @throws BitDustException INVALID_ARGUMENT when the bytes are not an Ed25519 public key
     */
    public static SigningPublicKey of(byte[] bytes) {
        return new SigningPublicKey(bytes);
    }

    /**
     * @param text the base64url text of {@link #toString()}
     * @return the key
     * @throws BitDustException INVALID_ARGUMENT when the text is not an Ed25519 public key
     */
    @JsonCreator
    public static SigningPublicKey parse(String text) {
        return new SigningPublicKey(Base64Url.decode(text, "Ed25519 public key"));
    }

    /** @return a copy of the 32-byte encoding */
    public byte[] bytes() {
        return bytes.clone();
    }

    Ed25519PublicKeyParameters parameters() {
        return parameters;
    }

    /** @return the base64url text (43 characters), also the JSON form */
    @JsonValue
    @Override
    public String toString() {
        return Base64Url.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningPublicKey && Arrays.equals(((SigningPublicKey) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
