package io.bitdust.crypto.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A {@link KeyRing} keeping the private keys in one owner-only file, {@value #KEY_FILE}, of a folder of its own.
 * A key file that other users may access is refused, as OpenSSH does: the keys may have leaked, and the operator must
 * decide (see docs/crypto-formats.md). Usable without OSGi; thread-safe.
 */
public final class FileKeyRing implements KeyRing {
    /** The name of the key file inside the folder. */
    public static final String KEY_FILE = "node.keys";

    private static final Logger LOG = LoggerFactory.getLogger(FileKeyRing.class);

    private final Path keyFile;
    private final SecureRandom random;
    private volatile NodeKeys keys;

    /**
     * Loads the keys when the folder holds them; creates the folder (rwx------) when missing.
     *
     * @param folder the folder of the key file
     * @param random the source of new keys, salts and nonces
     * @throws BitDustException INTERNAL when the key file is damaged, unreadable or accessible to other users
     */
    public FileKeyRing(Path folder, SecureRandom random) {
        this.keyFile = folder.resolve(KEY_FILE);
        this.random = random;
        PrivateFiles.createFolder(folder);
        this.keys = Files.exists(keyFile) ? NodeKeyFile.load(keyFile) : null;
    }

    @Override
    public boolean exists() {
        return keys != null;
    }

    @Override
    public synchronized void create() {
        if (keys != null) {
            throw new BitDustException(ErrorCode.CONFLICT, "node keys exist already in " + keyFile);
        }
        NodeKeys created = NodeKeys.generate(random);
        NodeKeyFile.store(keyFile, created);
        keys = created;
        LOG.info("Created node keys in {}: signing key {}", keyFile, created.signing().publicKey());
    }

    @Override
    public SigningPublicKey signingPublicKey() {
        return keys().signing().publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        return Signatures.sign(keys().signing(), message);
    }

    @Override
    public AgreementPublicKey agreementPublicKey() {
        return keys().agreement().publicKey();
    }

    @Override
    public byte[] openSealed(byte[] box) {
        return SealedBox.open(keys().agreement(), box);
    }

    @Override
    public byte[] exportKeys(char[] passphrase) {
        byte[] exported = KeyBackup.encode(keys(), passphrase, random);
        LOG.info("Exported the node keys");
        return exported;
    }

    @Override
    public synchronized void importKeys(byte[] exported, char[] passphrase, SigningPublicKey expected) {
        NodeKeys imported = decode(exported, passphrase, expected);
        NodeKeyFile.store(keyFile, imported);
        NodeKeys replaced = keys;
        keys = imported;
        LOG.info("Imported node keys: signing key {}, replacing {}", imported.signing().publicKey(),
                replaced == null ? "none" : replaced.signing().publicKey());
    }

    @Override
    public void checkKeys(byte[] exported, char[] passphrase, SigningPublicKey expected) {
        decode(exported, passphrase, expected);
    }

    private static NodeKeys decode(byte[] exported, char[] passphrase, SigningPublicKey expected) {
        NodeKeys imported = KeyBackup.decode(exported, passphrase);
        if (!imported.signing().publicKey().equals(expected)) {
            throw BitDustException.invalid("the key backup holds the signing key " + imported.signing().publicKey()
                    + ", not " + expected);
        }
        return imported;
    }

    private NodeKeys keys() {
        NodeKeys current = keys;
        if (current == null) {
            throw BitDustException.unavailable("no node keys in " + keyFile.getParent()
                    + " yet: create or import them");
        }
        return current;
    }
}
