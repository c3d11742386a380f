package io.bitdust.pipeline;

import io.bitdust.common.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fragments in a local folder, laid out as in BitDust: {@code <root>/<backupID>/<block>-<position>-Data|Parity}, and
 * the manifest of a version in {@code <root>/<backupID>/}{@value #MANIFEST}.
 *
 * <p>Durability: a version counts once its manifest is there, so everything it points to must be on disk first. Each
 * fragment file is written as it comes (the calling worker does not wait for the disk) and then synced to disk by a
 * background thread of this folder, so the disk writes overlap the backup's computing;
 * {@link #putManifest} waits until every fragment of the version put through this instance is synced, syncs the
 * version's folders, and only then writes the manifest atomically and syncs it. A crash before that leaves fragments
 * without a manifest: an incomplete version, never a complete-looking one with missing data. (A torn fragment file
 * fails its SHA-256 in the manifest later.) The background thread ends when idle, so nothing needs closing.
 * Thread-safe.
 *
 * <p>A backup ID is never reused for different ciphertext: once a version has its manifest, this folder refuses
 * every fragment and manifest put under its backup ID.
 */
public final class LocalFragmentFolder implements FragmentSink, FragmentSource {
    /** The file name of a version's manifest. */
    public static final String MANIFEST = "manifest";

    private final Path root;
    private final boolean durable;
    private final ThreadPoolExecutor syncer;
    private final Map<String, Syncs> pending = new ConcurrentHashMap<>();
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    /** @param root the folder; created when the first fragment is put */
    public LocalFragmentFolder(Path root) {
        this(root, true);
    }

    /**
     * @param root    the folder; created when the first fragment is put
     * @param durable whether fragment files are synced to disk before the manifest (the default); without it a crash
     *                shortly after a backup may lose fragments of a version that has a manifest, which only
     *                throw-away uses (tests, measurements of the computing alone) should accept
     */
    public LocalFragmentFolder(Path root, boolean durable) {
        this.root = root;
        this.durable = durable;
        this.syncer = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "bitdust-fragment-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws FileAlreadyExistsException when the version is complete (has its manifest): its backup ID is not reused
     */
    @Override
    public void put(FragmentName name, byte[] fragment) throws IOException {
        put(name, fragment, fragment.length, null);
    }

    /**
     * {@inheritDoc}
     *
     * @throws FileAlreadyExistsException when the version is complete (has its manifest): its backup ID is not reused
     */
    @Override
    public void put(FragmentName name, byte[] buffer, int length, byte[] sha256) throws IOException {
        refuseComplete(name.backupId());
        Path file = folder(name.backupId()).resolve(name.fileName());
        if (!folders.contains(file.getParent())) {
            Files.createDirectories(file.getParent());
            folders.add(file.getParent());
        }
        try {
            write(file, buffer, length);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            write(file, buffer, length);
        }
        if (durable) {
            Syncs syncs = pending.computeIfAbsent(name.backupId(), id -> new Syncs());
            synchronized (syncs) {
                syncs.last = syncer.submit(() -> syncs.force(file));
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws FileAlreadyExistsException when the version has a manifest already: its backup ID is not reused
     */
    @Override
    public void putManifest(String backupId, byte[] manifest) throws IOException {
        refuseComplete(backupId);
        Path folder = folder(backupId);
        Files.createDirectories(folder);
        if (durable) {
            Syncs syncs = pending.remove(backupId);
            if (syncs != null) {
                syncs.await();
            }
            for (Path dir = folder; dir != null && dir.startsWith(root); dir = dir.getParent()) {
                force(dir);
            }
        }
        AtomicFiles.write(folder.resolve(MANIFEST), manifest);
        if (durable) {
            force(folder);
        }
    }

    @Override
    public Optional<byte[]> manifest(String backupId) throws IOException {
        return read(folder(backupId).resolve(MANIFEST));
    }

    @Override
    public Optional<byte[]> fragment(FragmentName name) throws IOException {
        return read(folder(name.backupId()).resolve(name.fileName()));
    }

    /**
     * @param name a fragment
     * @return the file that holds it
     */
    public Path file(FragmentName name) {
        return folder(name.backupId()).resolve(name.fileName());
    }

    @Override
    public String toString() {
        return "LocalFragmentFolder[" + root + "]";
    }

    private void refuseComplete(String backupId) throws FileAlreadyExistsException {
        if (Files.exists(folder(backupId).resolve(MANIFEST))) {
            throw new FileAlreadyExistsException(backupId, null, "backup " + backupId
                    + " is complete already: a backup ID is never reused");
        }
    }

    private Path folder(String backupId) {
        return root.resolve(FragmentName.checkBackupId(backupId));
    }

    /** Writes a whole file in one call (Files.write would cut it into 8 KiB writes). */
    private static void write(Path file, byte[] content, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content, 0, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Syncs a file's content, or a folder's entries, to disk. */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The syncs of one version's fragments. The syncer runs them in order, so waiting for the last is enough; the
     * first failure is kept.
     */
    private static final class Syncs {
        private Future<Void> last;
        private volatile IOException failure;

        Void force(Path file) {
            if (failure == null) {
                try {
                    LocalFragmentFolder.force(file);
                } catch (IOException e) {
                    failure = new IOException("cannot sync " + file + " to disk: " + e.getMessage(), e);
                }
            }
            return null;
        }

        void await() throws IOException {
            Future<Void> waitFor;
            synchronized (this) {
                waitFor = last;
            }
            try {
                waitFor.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while syncing fragments");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException ? (IOException) e.getCause()
                        : new IOException("cannot sync fragments: " + e.getCause(), e.getCause());
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
