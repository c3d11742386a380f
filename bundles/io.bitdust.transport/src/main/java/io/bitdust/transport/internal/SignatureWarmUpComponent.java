package io.bitdust.transport.internal;

import io.bitdust.common.BackgroundWarmUp;
import io.bitdust.crypto.SignatureWarmUp;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs {@link SignatureWarmUp} in the background when the transport bundle starts, so that a node (a customer or a
 * supplier alike: every packet is signed and checked) does not compile Ed25519 while it backs up. Publishes no service.
 */
@Component(immediate = true, service = {})
public final class SignatureWarmUpComponent {
    private final BackgroundWarmUp warmUp = BackgroundWarmUp.start("Ed25519 signing and checking",
            SignatureWarmUp::run);

    /** Stops the warm-up; one under way ends after the signature it is making. */
    @Deactivate
    public void deactivate() {
        warmUp.close();
    }
}
