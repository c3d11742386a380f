package io.bitdust.pipeline;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.BlockCipher;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.pipeline.internal.BlockEncoder;
import io.bitdust.pipeline.internal.BlockOutputStream;
import io.bitdust.pipeline.internal.BufferPool;
import io.bitdust.pipeline.internal.OrderedWriter;
import io.bitdust.pipeline.internal.TarWriter;
import io.bitdust.raid.EccCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a file or a folder into fragment files: tar (names, sizes, permissions, modification times, empty folders,
 * symbolic links as links) -> blocks of {@link PackSettings#blockSize()} tar bytes -> zstd, one frame per block (or
 * the bytes as they are when zstd does not make them smaller) -> AES-256-GCM ({@code StreamCipher}) under a fresh
 * random data key per version -> Reed-Solomon over the settings' ECC map -> {@code 2N} {@link FragmentFile}s per block
 * into a {@link FragmentSink}, in block order, then the {@link VersionManifest} that holds the data key sealed to the
 * owner's X25519 key and the SHA-256 of every fragment file, signed with the owner's Ed25519 key (one signature per
 * version). Every pack draws a fresh data key, so packing the same backup ID twice gives different ciphertext: a
 * caller never reuses a backup ID (a rebuild re-derives lost fragments from stored ones and never packs again).
 *
 * <p>Reading and tar run on the calling thread; compression, encryption, coding, hashes and the sink's calls run
 * on the workers, with at most {@link PackSettings#blocksInFlight()} blocks in memory: peak memory does not depend on
 * the input size. Thread-safe: one instance may run several backups at once.
 */
public final class Packer {
    private static final Logger LOG = LoggerFactory.getLogger(Packer.class);

    private final PackSettings settings;
    private final EccCodec codec;
    private final Executor workers;
    private final SecureRandom random;
    private final BufferCache buffers;

    /**
     * A packer whose large arrays are kept only while it lives.
     *
     * @param settings how to cut and code
     * @param workers  where blocks are encoded and the sink is called, e.g. a pool of one thread per processor; owned
     *                 by the caller
     * @param random   the source of data keys and salts
     */
    public Packer(PackSettings settings, Executor workers, SecureRandom random) {
        this(settings, workers, random, new BufferCache());
    }

    /**
     * @param settings how to cut and code
     * @param workers  where blocks are encoded and the sink is called, e.g. a pool of one thread per processor; owned
     *                 by the caller
     * @param random   the source of data keys and salts
     * @param buffers  where the large arrays of its backups are kept, e.g. one cache for all the backups of a node
     */
    public Packer(PackSettings settings, Executor workers, SecureRandom random, BufferCache buffers) {
        this.settings = settings;
        this.codec = EccCodec.create(settings.map());
        this.workers = workers;
        this.random = random;
        this.buffers = buffers;
    }

    /**
     * Backs up {@code source} as version {@code backupId} for the owner of {@code keys}: the data key sealed to its
     * X25519 key, the manifest signed with its Ed25519 key.
     *
     * @param source   the file or folder to back up; a symbolic link is backed up as a link
     * @param backupId the backup ID, {@code <pathID>/<version>}, never used before
     * @param keys     the owner's key ring, normally this node's
     * @param sink     where the fragments and the manifest go
     * @param listener gets the progress after each block, from the workers
     * @return the signed manifest, as given to the sink
     * @throws BitDustException as {@link #pack(Path, String, AgreementPublicKey, ManifestSigner, FragmentSink,
     *     ProgressListener)}
     */
    public VersionManifest pack(Path source, String backupId, KeyRing keys, FragmentSink sink,
            ProgressListener listener) {
        return pack(source, backupId, keys.agreementPublicKey(), ManifestSigner.of(keys), sink, listener);
    }

    /**
     * Backs up {@code source} as version {@code backupId}. When it fails, some fragments may be in the sink, but no
     * manifest: the version is incomplete.
     *
     * @param source   the file or folder to back up; a symbolic link is backed up as a link
     * @param backupId the backup ID, {@code <pathID>/<version>}, never used before
     * @param owner    the key the data key is sealed to, normally my own
     * @param signer   the owner's signing key, which signs the manifest; a restore accepts only the owner's signature
     * @param sink     where the fragments and the manifest go
     * @param listener gets the progress after each block, from the workers
     * @return the signed manifest, as given to the sink
     * @throws BitDustException NOT_FOUND when the source does not exist; INVALID_ARGUMENT for a bad backup ID or a
     *     file system root as source; UNAVAILABLE when a source file cannot be read or the sink fails, naming it;
     *     INTERNAL for other failures
     */
    public VersionManifest pack(Path source, String backupId, AgreementPublicKey owner, ManifestSigner signer,
            FragmentSink sink, ProgressListener listener) {
        FragmentName.checkBackupId(backupId);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw BitDustException.notFound("nothing to back up at " + source);
        }
        byte[] key = BlockCipher.newKey(random);
        try {
            long started = System.nanoTime();
            AtomicLong sourceBytes = new AtomicLong();
            BufferPool blockBuffers = new BufferPool(buffers, settings.blockSize(), settings.blocksInFlight() + 1);
            BlockEncoder encoder = new BlockEncoder(codec, backupId, key, random, settings.compressionLevel(),
                    blockBuffers, settings.blocksInFlight(), sink.room(backupId));
            OrderedWriter writer = new OrderedWriter(encoder, sink, workers, settings.blocksInFlight(),
                    sourceBytes::get, listener);
            BlockOutputStream blocks = new BlockOutputStream(blockBuffers, writer);
            TarWriter tar = new TarWriter(blocks, sourceBytes, listener::fileChanged);
            try {
                tar.write(source);
            } catch (IOException | RuntimeException e) {
                blocks.abort();
                closeQuietly(tar, e);
                try {
                    writer.finish();
                } catch (BitDustException f) {
                    e.addSuppressed(f);
                }
                throw e;
            }
            tar.close();
            long blockCount = writer.finish();
            VersionManifest manifest = VersionManifest.sign(backupId, settings.map(), settings.blockSize(),
                    blockCount, sourceBytes.get(), SealedBox.seal(owner, key, random), writer.fragmentHashes(), signer);
            sink.putManifest(backupId, manifest.toBytes());
            LOG.info("Backed up {} as {}: {} bytes in {} blocks of {} in {} ms", source, backupId, sourceBytes.get(),
                    blockCount, settings.map(), (System.nanoTime() - started) / 1_000_000);
            return manifest;
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "backup of " + source + " as " + backupId
                    + " failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void closeQuietly(TarWriter tar, Exception failure) {
        try {
            tar.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
