package io.bitdust.backup.remote;

import io.bitdust.catalog.NamingKey;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSource;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a version back from the suppliers of my family: a fragment with a Retrieve to the supplier hired at its
 * position, the manifest from the first supplier that holds a valid one (signed with my key). An answer counts only
 * as {@link RetrieveRequest#open} accepts it; a supplier that is not hired, offline, refuses, answers wrongly or not
 * within the wait gives nothing, and the unpacker treats the fragment as an erasure. A wrong answer (a packet not
 * signed with my key, not mine, not Data, for another object, malformed; for the manifest also one whose signature or
 * backup ID is not the one asked for) is also told to the {@link WrongAnswers} given, so that the supplier that
 * served it is named and its copy replaced. Thread-safe.
 */
public final class SupplierFragmentSource implements FragmentSource {
    private static final Logger LOG = LoggerFactory.getLogger(SupplierFragmentSource.class);

    private final Gateway gateway;
    private final SupplierService suppliers;
    private final NamingKey naming;
    private final IdUrl me;
    private final SigningPublicKey myKey;
    private final PacketCodec codec;
    private final Duration wait;
    private final WrongAnswers wrongAnswers;

    /** Hears of the fragments and manifests a supplier answered wrongly for. */
    @FunctionalInterface
    public interface WrongAnswers {
        /** Ignores them (they are logged all the same). */
        WrongAnswers NONE = (supplier, fragment, reason) -> { };

        /**
         * Called on the thread that opened the answer.
         *
         * @param supplier who answered
         * @param fragment the fragment asked for, or null for the version's manifest
         * @param reason   why the answer was refused
         */
        void wrong(IdUrl supplier, FragmentName fragment, String reason);
    }

    /**
     * As {@link #SupplierFragmentSource(Gateway, SupplierService, NamingKey, IdUrl, SigningPublicKey, PacketCodec,
     * Duration, WrongAnswers)}, telling nobody of wrong answers.
     */
    public SupplierFragmentSource(Gateway gateway, SupplierService suppliers, NamingKey naming, IdUrl me,
            SigningPublicKey myKey, PacketCodec codec, Duration wait) {
        this(gateway, suppliers, naming, me, myKey, codec, wait, WrongAnswers.NONE);
    }

    /**
     * @param gateway   sends the Retrieves
     * @param suppliers who is hired at each position
     * @param naming    the owner's naming key the version was stored under
     * @param me        my IDURL: the stored packets must be mine
     * @param myKey     my signing key: the stored packets and the manifest must be signed with it
     * @param codec     decodes the stored packets nested in the answers
     * @param wait      how long one Retrieve waits for its answer at most
     * @param wrongAnswers hears of each fragment a supplier answered wrongly for
     * @throws BitDustException INVALID_ARGUMENT for a non-positive wait
     */
    public SupplierFragmentSource(Gateway gateway, SupplierService suppliers, NamingKey naming, IdUrl me,
            SigningPublicKey myKey, PacketCodec codec, Duration wait, WrongAnswers wrongAnswers) {
        if (wait.isNegative() || wait.isZero()) {
            throw BitDustException.invalid("the Retrieve wait " + wait + " must be positive");
        }
        this.gateway = gateway;
        this.suppliers = suppliers;
        this.naming = naming;
        this.me = me;
        this.myKey = myKey;
        this.codec = codec;
        this.wait = wait;
        this.wrongAnswers = wrongAnswers;
    }

    @Override
    public Optional<byte[]> manifest(String backupId) throws IOException {
        RetrieveRequest request = new RetrieveRequest(naming.manifest(backupId));
        int positions = suppliers.suppliers().size();
        List<IdUrl> asked = new ArrayList<>();
        List<CompletableFuture<Packet>> answers = new ArrayList<>();
        for (int position = 0; position < positions; position++) {
            Optional<IdUrl> supplier = suppliers.supplier(position);
            if (supplier.isPresent()) {
                asked.add(supplier.get());
                answers.add(ask(supplier.get(), request));
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (int i = 0; i < asked.size(); i++) {
            Optional<byte[]> bytes = open(asked.get(i), "the manifest of " + backupId, null, request, answers.get(i),
                    Math.max(0, deadline - System.nanoTime())).map(ByteRange::copy);
            if (bytes.isPresent()) {
                try {
                    VersionManifest manifest = VersionManifest.parse(bytes.get(), myKey);
                    if (manifest.backupId().equals(backupId)) {
                        return bytes;
                    }
                    wrong(asked.get(i), "the manifest of " + backupId, null, "it is the manifest of "
                            + manifest.backupId());
                } catch (BitDustException e) {
                    wrong(asked.get(i), "the manifest of " + backupId, null, "no valid manifest: " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> fragment(FragmentName name) throws IOException {
        return fetch(name).get();
    }

    /**
     * Sends the Retrieve now; the call returned waits for the answer and opens it on the caller's thread, giving the
     * fragment as a range of the answer ({@link Fetch#range}) or a copy ({@link Fetch#get}).
     */
    @Override
    public Fetch fetch(FragmentName name) {
        Optional<IdUrl> supplier = suppliers.supplier(name.position());
        if (supplier.isEmpty()) {
            LOG.debug("No supplier at position {} for {}", name.position(), name);
            return Optional::empty;
        }
        RetrieveRequest request;
        try {
            request = new RetrieveRequest(naming.fragment(name));
        } catch (BitDustException e) {
            IOException failure = new IOException("fragment " + name + " has no object name: " + e.getMessage(), e);
            return () -> {
                throw failure;
            };
        }
        CompletableFuture<Packet> answer = ask(supplier.get(), request);
        return new Fetch() {
            @Override
            public Optional<byte[]> get() throws IOException {
                return range().map(ByteRange::copy);
            }

            @Override
            public Optional<ByteRange> range() throws IOException {
                return open(supplier.get(), "fragment " + name, name, request, answer, wait.toNanos());
            }
        };
    }

    private CompletableFuture<Packet> ask(IdUrl supplier, RetrieveRequest request) {
        try {
            return gateway.request(gateway.packet(Command.RETRIEVE, supplier, request.toBytes())).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @param fragment the fragment asked for, or null for a manifest */
    private Optional<ByteRange> open(IdUrl supplier, String what, FragmentName fragment, RetrieveRequest request,
            CompletableFuture<Packet> answer, long nanos) throws IOException {
        try {
            return Optional.of(request.openData(answer.get(nanos, TimeUnit.NANOSECONDS), me, myKey, codec));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what + " from " + supplier);
        } catch (TimeoutException e) {
            LOG.info("{} did not send {} within {}", supplier, what, wait);
        } catch (ExecutionException e) {
            LOG.info("{} did not send {}: {}", supplier, what, e.getCause().getMessage());
        } catch (BitDustException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                LOG.info("{} does not have {}: {}", supplier, what, e.getMessage());
            } else {
                wrong(supplier, what, fragment, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** @param fragment the fragment asked for, or null for a manifest */
    private void wrong(IdUrl supplier, String what, FragmentName fragment, String reason) {
        LOG.warn("{} answered wrongly for {}: {}", supplier, what, reason);
        wrongAnswers.wrong(supplier, fragment, reason);
    }
}
