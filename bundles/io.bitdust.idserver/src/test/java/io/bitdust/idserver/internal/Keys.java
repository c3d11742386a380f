package io.bitdust.idserver.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.identity.Identity;
import io.bitdust.identity.ServiceOffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** One node's key pairs, and identities signed with them, for tests. */
final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
    private final AgreementKeyPair agreement = AgreementKeyPair.generate(RANDOM);

    Identity identity(String server, String name, long revision) {
        return builder(server, name, revision).sign(message -> Signatures.sign(signing, message));
    }

    Identity.Builder builder(String server, String name, long revision) {
        return Identity.builder().idurls(List.of(IdUrl.of(server, name))).contacts(List.of("tcp://127.0.0.1:7771"))
                .signingKey(signing.publicKey()).agreementKey(agreement.publicKey())
                .service(Identity.SUPPLIER, ServiceOffer.of(true, 1L << 30)).nickname(name).revision(revision)
                .date(Instant.now());
    }

    byte[] sign(byte[] message) {
        return Signatures.sign(signing, message);
    }

    AgreementKeyPair agreement() {
        return agreement;
    }

    Identity sign(Identity.Builder builder) {
        return builder.sign(message -> Signatures.sign(signing, message));
    }
}
