package io.bitdust.restore.internal;

import io.bitdust.common.ByteRange;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSource;
import java.io.IOException;
import java.util.Optional;

/**
 * A job's source: once the job is aborted, every read throws at once and the reads waiting for a supplier are
 * interrupted, so the unpacker sees erasures and stops instead of waiting out each Retrieve.
 */
final class AbortableSource implements FragmentSource {
    private final FragmentSource source;
    private final Job job;

    AbortableSource(FragmentSource source, Job job) {
        this.source = source;
        this.job = job;
    }

    @Override
    public Optional<byte[]> manifest(String backupId) throws IOException {
        return job.call(() -> source.manifest(backupId));
    }

    @Override
    public Optional<byte[]> fragment(FragmentName name) throws IOException {
        return job.call(() -> source.fragment(name));
    }

    @Override
    public Fetch fetch(FragmentName name) {
        Fetch fetch = source.fetch(name);
        return new Fetch() {
            @Override
            public Optional<byte[]> get() throws IOException {
                return job.call(fetch::get);
            }

            @Override
            public Optional<ByteRange> range() throws IOException {
                return job.call(fetch::range);
            }
        };
    }
}
