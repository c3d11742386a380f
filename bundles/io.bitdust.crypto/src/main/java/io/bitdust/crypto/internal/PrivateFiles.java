package io.bitdust.crypto.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read: folders rwx------, files rw-------, written whole or not at all (temp file in the
 * same folder, fsync, atomic rename). On file systems without POSIX permissions the modes are skipped.
 */
final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.complementOf(EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private PrivateFiles() {
    }

    /** Creates the folder (and its parents) when missing; warns when an existing one is open to others. */
    static void createFolder(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                if (posix(folder) && !ownerOnly(Files.getPosixFilePermissions(folder))) {
                    LOG.warn("Key folder {} is accessible to other users; run: chmod 700 {}", folder, folder);
                }
                return;
            }
            Files.createDirectories(folder.toAbsolutePath().getParent());
            if (posix(folder)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
            } else {
                Files.createDirectory(folder);
            }
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot create key folder " + folder + ": " + e, e);
        }
    }

    /** Writes {@code content} to {@code file}, owner-only, atomically, replacing what was there. */
    static void write(Path file, byte[] content) {
        AtomicFiles.write(file, content);
    }

    /**
     * Reads a small private file whole.
     *
     * @param maxLength the largest length accepted, checked before reading
     * @throws BitDustException INTERNAL when others may access the file: the keys may have leaked
     */
    static byte[] read(Path file, int maxLength) {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!ownerOnly(permissions)) {
                    throw new BitDustException(ErrorCode.INTERNAL, "private key file " + file + " is accessible to "
                            + "other users (" + PosixFilePermissions.toString(permissions) + "); refusing to use it. "
                            + "If nobody else could read it, run: chmod 600 " + file);
                }
            }
            long size = Files.size(file);
            if (size > maxLength) {
                throw BitDustException.invalid(file + " is not a BitDust key file: " + size + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw BitDustException.notFound("key file " + file + " does not exist");
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot read key file " + file + ": " + e, e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean ownerOnly(Set<PosixFilePermission> permissions) {
        return permissions.stream().noneMatch(GROUP_AND_OTHERS::contains);
    }
}
