package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import org.osgi.annotation.versioning.ProviderType;

import java.nio.file.Path;

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
     * Writes the private keys to a new file, encrypted under a passphrase (scrypt and AES-256-GCM, see FORMATS.md),
     * readable by the owner only.
     *
     * @param file       the file to create; its folder must exist
     * @param passphrase the passphrase, not empty; not kept, the caller may wipe it afterwards
     * @throws BitDustException CONFLICT when the file exists; INVALID_ARGUMENT for an empty passphrase or a missing
     *     folder; INTERNAL when writing fails
     */
    void exportKeys(Path file, char[] passphrase);

    /**
     * Replaces this node's keys by those of a file from {@link #exportKeys}, for instance on a fresh node that recovers
     * an identity. Nothing changes unless the file is read, decrypted and stored completely.
     *
     * @param file       the exported key file
     * @param passphrase its passphrase; not kept, the caller may wipe it afterwards
     * @throws BitDustException INVALID_ARGUMENT "wrong passphrase or damaged key file" when it cannot be decrypted, or
     *     when it is not a key file; NOT_FOUND when it does not exist; INTERNAL when the keys cannot be stored
     */
    void importKeys(Path file, char[] passphrase);
}
