package io.bitdust.identity;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** Key pairs and signed identities for tests. */
public final class TestIdentities {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
    private final AgreementKeyPair agreement = AgreementKeyPair.generate(RANDOM);

    /** @return an identity for {@code name} on {@code server} (e.g. {@code http://127.0.0.1:8084}), signed */
    public Identity identity(String server, String name, long revision) {
        return builder(server, name, revision).sign(this::sign);
    }

    /** @return a builder filled for {@code name} on {@code server}, with these keys */
    public Identity.Builder builder(String server, String name, long revision) {
        return Identity.builder().idurls(List.of(IdUrl.of(server, name)))
                .contacts(List.of("tcp://127.0.0.1:7771", "http://127.0.0.1:9993/in"))
                .signingKey(signing.publicKey()).agreementKey(agreement.publicKey())
                .service(Identity.SUPPLIER, ServiceOffer.of(true, 1L << 30)).nickname(name).revision(revision)
                .date(Instant.parse("2025-01-31T12:00:00Z"));
    }

    /** @return the signature of {@code message} by these keys */
    public byte[] sign(byte[] message) {
        return Signatures.sign(signing, message);
    }
}
