package io.bitdust.identity.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.RecoveryRecords;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registers {@link HttpRecoveryRecords} over my identity and keys as the {@link RecoveryRecords} service. */
@Component(service = RecoveryRecords.class)
public final class RecoveryRecordsComponent implements RecoveryRecords {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpRecoveryRecords records;

    /**
     * @param identity my identity
     * @param keys     my keys
     */
    @Activate
    public RecoveryRecordsComponent(@Reference IdentityService identity, @Reference KeyRing keys) {
        this.records = new HttpRecoveryRecords(identity, keys, TIMEOUT, Clock.systemUTC());
    }

    @Override
    public Published publish(IdUrl owner, byte[] content) {
        return records.publish(owner, content);
    }

    @Override
    public Fetched fetch() {
        return records.fetch();
    }
}
