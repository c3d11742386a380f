package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import org.osgi.annotation.versioning.ProviderType;


/**
 * This node's own keys: an Ed25519 pair to sign with and an X25519 pair to receive {@link SealedBox}es. The private
 * keys never leave the key ring except encrypted under a passphrase through {@link #exportKeys}. Implementations are
 * thread-safe. Every method but {@link #exists}, {@link #create} and {@link #importKeys} throws
 * {@link BitDustException} UNAVAILABLE while there are no keys.
 */
@ProviderType
public interface KeyRing {
    /** @return whether the keys exist (were created or imported) */
    boolean exists();

    /**
     * Creates fresh keys and stores them.
     *
     * @throws BitDustException CONFLICT when keys exist already; INTERNAL when they cannot be stored
     */
    void create();

    /** @return the public key others verify my signatures with */
    SigningPublicKey signingPublicKey();

    /**
     * @param message the bytes to sign
     * @return the 64-byte Ed25519 signature, checked with {@link Signatures#verify}
     */
    byte[] sign(byte[] message);

    /** @return the public key others seal boxes to me with */
    AgreementPublicKey agreementPublicKey();

    /**
     * @param box a box sealed to {@link #agreementPublicKey()}
     * @return its plaintext
     * @throws BitDustException INVALID_ARGUMENT when the box is damaged or sealed to another key
     */
    byte[] openSealed(byte[] box);

    /**
     * The private keys encrypted under a passphrase (scrypt and AES-256-GCM; crypto-formats.md gives the bytes), for a
     * backup the user keeps.
     *
     * @param passphrase the passphrase, not empty; not kept, the caller may wipe it afterwards
     * @return the encrypted keys, 117 bytes
     * @throws BitDustException INVALID_ARGUMENT for an empty passphrase
     */
    byte[] exportKeys(char[] passphrase);

    /**
     * Replaces this node's keys by those of an {@link #exportKeys export}, when a node recovers an identity. Nothing
     * changes unless the export is decrypted, holds the expected keys and is stored completely.
     *
     * @param exported   what {@link #exportKeys} gave
     * @param passphrase its passphrase; not kept, the caller may wipe it afterwards
     * @param expected   the signing key the export must hold (the one of the identity being recovered)
     * @throws BitDustException INVALID_ARGUMENT "wrong passphrase or damaged key backup" when it cannot be decrypted or
     *     is not a key backup, or when its signing key is not {@code expected}; INTERNAL when the keys cannot be
     *     stored
     */
    void importKeys(byte[] exported, char[] passphrase, SigningPublicKey expected);

    /**
     * Checks that {@link #importKeys} would take an export, changing nothing: before a node gives up what it holds
     * under its present keys for another identity.
     *
     * @param exported   what {@link #exportKeys} gave
     * @param passphrase its passphrase; not kept, the caller may wipe it afterwards
     * @param expected   the signing key the export must hold
     * @throws BitDustException INVALID_ARGUMENT as {@link #importKeys} throws it
     */
    void checkKeys(byte[] exported, char[] passphrase, SigningPublicKey expected);
}
