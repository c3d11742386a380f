package io.bitdust.backup.pipeline;

import io.bitdust.common.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fragments in a local folder, laid out as in BitDust: {@code <root>/<backupID>/<block>-<position>-Data|Parity}, and
 * the manifest of a version in {@code <root>/<backupID>/}{@value #MANIFEST}. Fragment files are written as they come
 * (a torn one fails its SHA-256 later); the manifest is written atomically and synced, as the mark of a complete
 * version. Thread-safe.
 */
public final class LocalFragmentFolder implements FragmentSink, FragmentSource {
    /** The file name of a version's manifest. */
    public static final String MANIFEST = "manifest";

    private final Path root;

    /** @param root the folder; created when the first fragment is put */
    public LocalFragmentFolder(Path root) {
        this.root = root;
    }

    @Override
    public void put(FragmentName name, byte[] fragment) throws IOException {
        Path file = folder(name.backupId()).resolve(name.fileName());
        Files.createDirectories(file.getParent());
        Files.write(file, fragment);
    }

    @Override
    public void putManifest(String backupId, byte[] manifest) throws IOException {
        Path folder = folder(backupId);
        Files.createDirectories(folder);
        AtomicFiles.write(folder.resolve(MANIFEST), manifest);
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

    private Path folder(String backupId) {
        return root.resolve(FragmentName.checkBackupId(backupId));
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
