package io.bitdust.crypto.internal;

import io.bitdust.common.NodeFolders;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SigningPublicKey;
import java.security.SecureRandom;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Registers this node's {@link FileKeyRing}, kept in {@code ${karaf.data}/bitdust/keys}, as the {@link KeyRing}
 * service, creating the keys on the first activation.
 */
@Component(service = KeyRing.class, immediate = true)
public final class KeyRingComponent implements KeyRing {
    private final KeyRing keys;

    /** @param context the bundle's context, for the data folder */
    @Activate
    public KeyRingComponent(BundleContext context) {
        this(new FileKeyRing(NodeFolders.data(context::getProperty).resolve("keys"), new SecureRandom()));
    }

    KeyRingComponent(KeyRing keys) {
        if (!keys.exists()) {
            keys.create();
        }
        this.keys = keys;
    }

    @Override
    public boolean exists() {
        return keys.exists();
    }

    @Override
    public void create() {
        keys.create();
    }

    @Override
    public SigningPublicKey signingPublicKey() {
        return keys.signingPublicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        return keys.sign(message);
    }

    @Override
    public AgreementPublicKey agreementPublicKey() {
        return keys.agreementPublicKey();
    }

    @Override
    public byte[] openSealed(byte[] box) {
        return keys.openSealed(box);
    }

    @Override
    public byte[] exportKeys(char[] passphrase) {
        return keys.exportKeys(passphrase);
    }

    @Override
    public void importKeys(byte[] exported, char[] passphrase, SigningPublicKey expected) {
        keys.importKeys(exported, passphrase, expected);
    }

    @Override
    public void checkKeys(byte[] exported, char[] passphrase, SigningPublicKey expected) {
        keys.checkKeys(exported, passphrase, expected);
    }
}
