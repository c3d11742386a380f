package io.bitdust.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.bitdust.common.BitDustException;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

import java.util.Arrays;

/**
 * An X25519 public key, the key {@link SealedBox}es are sealed to: 32 raw bytes (RFC 7748 encoding), written in text
 * and JSON as base64url without padding. Immutable and thread-safe.
 */
public final class AgreementPublicKey {
    /** Length of the raw encoding in bytes. */
    public static final int LENGTH = X25519PublicKeyParameters.KEY_SIZE;

    private final byte[] bytes;

    private AgreementPublicKey(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw BitDustException.invalid("an X25519 public key has " + LENGTH + " bytes");
        }
        this.bytes = bytes.clone();
    }

    /**
     * @param bytes the 32-byte encoding; copied
     * @return the key
     * @throws BitDustException INVALID_ARGUMENT when the length is not 32
     */
    public static AgreementPublicKey of(byte[] bytes) {
        return new AgreementPublicKey(bytes);
    }

    /**
     * @param text the base64url text of {@link #toString()}
     * @return the key
     * @throws BitDustException INVALID_ARGUMENT when the text is not an X25519 public key
     */
    @JsonCreator
    public static AgreementPublicKey parse(String text) {
        return new AgreementPublicKey(Base64Url.decode(text, "X25519 public key"));
    }

    /** @return a copy of the 32-byte encoding */
    public byte[] bytes() {
        return bytes.clone();
    }

    X25519PublicKeyParameters parameters() {
        return new X25519PublicKeyParameters(bytes);
    }

    /** @return the base64url text (43 characters), also the JSON form */
    @JsonValue
    @Override
    public String toString() {
        return Base64Url.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgreementPublicKey && Arrays.equals(((AgreementPublicKey) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
