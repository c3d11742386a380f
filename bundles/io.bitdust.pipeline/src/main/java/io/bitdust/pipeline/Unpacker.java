package io.bitdust.pipeline;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.BlockCipher;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.pipeline.internal.BlockDecoder;
import io.bitdust.pipeline.internal.BlockInputStream;
import io.bitdust.pipeline.internal.Untar;
import io.bitdust.raid.EccCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a version from its fragments: the manifest must be signed by the expected owner -> for each block any
 * {@code N} good fragments (a missing, truncated, bit-flipped or foreign one, or one whose SHA-256 differs from the
 * signed manifest, counts as an erasure) -> Reed-Solomon decoding -> AES-256-GCM decryption with the data key opened
 * by my key ring (a block that fails it is tried with other sets of {@code N} good fragments) -> zstd -> tar, unpacked
 * into the destination. The positions that served bad data are named in the {@link RestoreResult} and the log.
 *
 * <p>Nothing is written outside the destination: entries are unpacked into a staging folder inside it, refusing
 * absolute names, {@code ..} and anything that would go through a link, and links pointing outside are not created.
 * Only when every block is restored and authenticated are the entries moved into place, following an
 * {@link ExistingFilePolicy}; a failed restore removes the staging folder. Blocks are fetched, decoded, decrypted and
 * decompressed on the workers, up to {@code blocksInFlight} ahead; unpacking runs on the calling thread.
 * Thread-safe: one instance may run several restores at once.
 */
public final class Unpacker {
    private static final Logger LOG = LoggerFactory.getLogger(Unpacker.class);

    private final Executor workers;
    private final int blocksInFlight;
    private final BufferCache buffers;

    /**
     * An unpacker that keeps the large arrays of its restores (plaintexts, blocks) from one restore to the next.
     *
     * @param workers        where blocks are fetched, decoded and decrypted; owned by the caller
     * @param blocksInFlight how many blocks may be decoded ahead of the unpacking, at least 1
     * @throws BitDustException INVALID_ARGUMENT when {@code blocksInFlight} is below 1
     */
    public Unpacker(Executor workers, int blocksInFlight) {
        this(workers, blocksInFlight, new BufferCache());
    }

    /**
     * @param workers        where blocks are fetched, decoded and decrypted; owned by the caller
     * @param blocksInFlight how many blocks may be decoded ahead of the unpacking, at least 1
     * @param buffers        where the large arrays of its restores are kept
     * @throws BitDustException INVALID_ARGUMENT when {@code blocksInFlight} is below 1
     */
    public Unpacker(Executor workers, int blocksInFlight, BufferCache buffers) {
        if (blocksInFlight < 1) {
            throw BitDustException.invalid("blocks in flight " + blocksInFlight + " must be at least 1");
        }
        this.workers = workers;
        this.blocksInFlight = blocksInFlight;
        this.buffers = buffers;
    }

    /**
     * @param backupId    the version to restore
     * @param source      where its manifest and fragments come from
     * @param keys        the key ring that opens its data key
     * @param owner       the key its manifest must be signed with, normally {@code keys.signingPublicKey()}
     * @param destination the folder to restore into, created when missing
     * @param policy      what to do where restored entries exist already
     * @param listener    gets the progress after each block and every rejected fragment, on the calling thread
     * @return what was restored
     * @throws BitDustException NOT_FOUND when the source has no manifest; INVALID_ARGUMENT when the manifest is
     *     unsigned, signed by another owner, has a bad signature, is damaged or of another version, when the data key
     *     is sealed to another key, a block fails authentication with every set of {@code N} good fragments tried
     *     (naming the block and the sets), or a tar entry is refused; UNAVAILABLE naming the block and the missing or
     *     damaged fragments when a block has fewer than {@code N} good ones, or when reading or writing fails;
     *     CONFLICT as described in {@link ExistingFilePolicy}
     */
    public RestoreResult unpack(String backupId, FragmentSource source, KeyRing keys, SigningPublicKey owner,
            Path destination, ExistingFilePolicy policy, ProgressListener listener) {
        VersionManifest manifest = manifest(backupId, source, owner);
        byte[] key = dataKey(manifest, keys);
        long started = System.nanoTime();
        List<String> rejected = new ArrayList<>();
        Map<Long, List<Integer>> bad = new TreeMap<>();
        long[] blocks = new long[1];
        try (Untar untar = new Untar(destination)) {
            BlockDecoder decoder = new BlockDecoder(manifest, EccCodec.create(manifest.map()), key, source, buffers,
                    blocksInFlight + 1);
            try (BlockInputStream in = new BlockInputStream(decoder, workers, manifest.blockCount(), blocksInFlight,
                    block -> {
                        for (BlockDecoder.Rejection r : block.rejected()) {
                            LOG.warn("Fragment {} rejected: {}", r.name(), r.reason());
                            rejected.add(r.name() + ": " + r.reason());
                            listener.fragmentRejected(r.name(), r.reason());
                        }
                        long number = blocks[0];
                        if (!block.bad().isEmpty()) {
                            LOG.warn("Block {} of {}: positions {} served bad data", number, backupId, block.bad());
                            bad.put(number, block.bad());
                        }
                        listener.progress(untar.bytes(), ++blocks[0]);
                    })) {
                untar.extract(in);
                in.transferTo(OutputStream.nullOutputStream());
                if (blocks[0] != manifest.blockCount()) {
                    throw BitDustException.invalid("backup " + backupId + " has data after the end of its archive");
                }
            }
            untar.commit(policy);
            LOG.info("Restored {} into {}: {} entries, {} bytes, {} blocks, {} fragments rejected, in {} ms", backupId,
                    destination, untar.entries(), untar.bytes(), blocks[0], rejected.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return new RestoreResult(blocks[0], untar.entries(), untar.bytes(), rejected, bad, untar.skippedLinks(),
                    untar.changedFiles());
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "restore of " + backupId + " into " + destination
                    + " failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static VersionManifest manifest(String backupId, FragmentSource source, SigningPublicKey owner) {
        FragmentName.checkBackupId(backupId);
        byte[] bytes;
        try {
            bytes = source.manifest(backupId).orElseThrow(() -> BitDustException.notFound("backup " + backupId
                    + " has no manifest: it does not exist or is incomplete"));
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot read the manifest of backup " + backupId + ": "
                    + e.getMessage(), e);
        }
        VersionManifest manifest;
        try {
            manifest = VersionManifest.parse(bytes, owner);
        } catch (BitDustException e) {
            throw new BitDustException(e.code(), "backup " + backupId + " refused: " + e.getMessage(), e);
        }
        if (!manifest.backupId().equals(backupId)) {
            throw BitDustException.invalid("the manifest of backup " + backupId + " is that of "
                    + manifest.backupId());
        }
        return manifest;
    }

    private static byte[] dataKey(VersionManifest manifest, KeyRing keys) {
        byte[] key;
        try {
            key = keys.openSealed(manifest.sealedKey());
        } catch (BitDustException e) {
            throw BitDustException.invalid("cannot open the data key of backup " + manifest.backupId()
                    + ": it is sealed to another key, or damaged");
        }
        if (key.length != BlockCipher.KEY_LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw BitDustException.invalid("the data key of backup " + manifest.backupId() + " has " + key.length
                    + " bytes, not " + BlockCipher.KEY_LENGTH);
        }
        return key;
    }
}
