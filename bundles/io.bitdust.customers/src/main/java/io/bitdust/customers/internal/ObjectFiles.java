package io.bitdust.customers.internal;

import io.bitdust.common.UncachedFiles;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored packets on disk: {@code <root>/<key hash>/<first two hex digits of the file ID>/<file ID>}, where the key
 * hash is the hex SHA-256 of the customer's pinned signing key and the file ID 32 random hex digits kept in the
 * object's row. Files are written and read past the page cache where the file system allows it (a supplier seldom
 * reads back what it keeps). A file is written as {@code <file ID>.tmp}, forced to disk, renamed in one step and its
 * folder forced: a file without {@code .tmp} is always complete. Names from packets never reach this class.
 */
final class ObjectFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(ObjectFiles.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Path root;

    ObjectFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path folder(String keyHash) {
        return root.resolve(keyHash);
    }

    Path file(String keyHash, String fileId) {
        return folder(keyHash).resolve(fileId.substring(0, 2)).resolve(fileId);
    }

    /**
     * Writes the packet's encoding durably under a new file ID; nothing is left behind when it fails.
     *
     * @return the CRC-32C of the file written
     */
    long write(String keyHash, String fileId, Packet packet, PacketCodec codec) throws IOException {
        Path target = file(keyHash, fileId);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(fileId + TEMP_SUFFIX);
        long crc32c;
        try {
            try (UncachedFiles.Output file = UncachedFiles.createNew(temp)) {
                CheckedOutputStream out = new CheckedOutputStream(file, new CRC32C());
                codec.write(packet, out);
                file.finish();
                crc32c = out.getChecksum().getValue();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            force(target.getParent());
            return crc32c;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    byte[] read(String keyHash, String fileId) throws IOException {
        return read(keyHash, fileId, 0);
    }

    /** @return {@code before} free bytes, then the stored file's ({@link UncachedFiles#readAll(Path, int)}) */
    byte[] read(String keyHash, String fileId, int before) throws IOException {
        return UncachedFiles.readAll(file(keyHash, fileId), before);
    }

    /** @return the file's length, or -1 when it is missing */
    long length(String keyHash, String fileId) {
        try {
            return Files.size(file(keyHash, fileId));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Deletes a stored file and, when they are left empty, its folders; a failure is logged, never thrown. */
    void delete(String keyHash, String fileId) {
        Path file = file(keyHash, fileId);
        try {
            Files.deleteIfExists(file);
            deleteIfEmpty(file.getParent());
            deleteIfEmpty(file.getParent().getParent());
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}; the next start removes it", file, e.toString());
        }
    }

    /** Tells every file under the root, temporary ones included, as {@code (key hash, file name)}. */
    void each(FileVisitor visitor) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> customers = Files.list(root)) {
            for (Path customer : (Iterable<Path>) customers::iterator) {
                String keyHash = customer.getFileName().toString();
                try (Stream<Path> files = Files.walk(customer)) {
                    files.filter(Files::isRegularFile).forEach(file -> visitor.visit(keyHash,
                            file.getFileName().toString(), file));
                }
            }
        }
    }

    /** Removes a customer's folder tree when nothing is left in it. */
    void deleteEmptyFolders(String keyHash) {
        Path folder = folder(keyHash);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> children = Files.list(folder)) {
            children.forEach(child -> deleteIfEmpty(child));
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", folder, e.toString());
        }
        deleteIfEmpty(folder);
    }

    /** One file found by {@link #each}. */
    @FunctionalInterface
    interface FileVisitor {
        void visit(String keyHash, String fileName, Path file);
    }

    /** @return the CRC-32C of a stored file's bytes, lying in a range of an array, as {@link #write} returned it */
    static long crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException e) {
            // still in use
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", folder, e.toString());
        }
    }

    /** Forces a folder's entries (the rename) to disk; file systems that cannot open a folder skip it. */
    private static void force(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force folder {}: {}", folder, e.toString());
        }
    }
}
