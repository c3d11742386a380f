package io.bitdust.api.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one place where local paths given to API functions are checked, and where failures to read or write them
 * become errors of the caller (INVALID_ARGUMENT, NOT_FOUND, CONFLICT) naming the parameter, the path and the real
 * problem, instead of a fault of the node. A function declares how it uses each path
 * ({@link Operation.Builder#path}); the checks run before its body, and its body reads and writes through
 * {@link #read} and {@link #writeNew}.
 */
final class LocalPaths {
    /** How a function uses a path it is given. */
    enum Use {
        /** a file to create: its folder exists, the file does not */
        NEW_FILE,
        /** a regular file to read */
        FILE,
        /** an existing folder */
        FOLDER,
        /** an existing regular file or folder */
        FILE_OR_FOLDER,
        /** any absolute path, existing or not (e.g. one whose backups are deleted) */
        ANY
    }

    private LocalPaths() {
    }

    /**
     * @param parameter the parameter's name, for the message
     * @param text      the path as given
     * @param use       how the function uses it
     * @return the path, absolute and normalised; for a path that names a symbolic link (except a new file), the real
     *     path of what it points to
     * @throws BitDustException INVALID_ARGUMENT for control characters, a relative path or a path of the wrong kind;
     *     NOT_FOUND for a missing file or folder; CONFLICT for a new file that exists already
     */
    static Path check(String parameter, String text, Use use) {
        if (Printable.hasControlCharacters(text)) {
            throw BitDustException.invalid(parameter + " '" + Printable.escape(text) + "' has invalid characters: "
                    + "control characters such as NUL are not allowed in a path");
        }
        Path path;
        try {
            path = Paths.get(text);
        } catch (InvalidPathException e) {
            throw BitDustException.invalid(parameter + " '" + text + "' is not a valid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw BitDustException.invalid(parameter + " must be an absolute path, not '" + text + "'");
        }
        path = path.normalize();
        if (use != Use.NEW_FILE) {
            path = followed(path);
        }
        switch (use) {
            case NEW_FILE:
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BitDustException(ErrorCode.CONFLICT, parameter + " " + path
                            + " exists already; choose a new file");
                }
                Path folder = path.getParent();
                if (folder == null) {
                    throw BitDustException.invalid(parameter + " " + path + " is not a file name");
                }
                if (!Files.exists(folder)) {
                    throw BitDustException.notFound(parameter + " " + path + ": folder " + folder
                            + " does not exist");
                }
                if (!Files.isDirectory(folder)) {
                    throw BitDustException.invalid(parameter + " " + path + ": " + folder + " is not a folder");
                }
                return path;
            case FILE:
                mustExist(parameter, path);
                if (!Files.isRegularFile(path)) {
                    throw BitDustException.invalid(parameter + " " + path + " is not a regular file: it is "
                            + kind(path));
                }
                return path;
            case FOLDER:
                mustExist(parameter, path);
                if (!Files.isDirectory(path)) {
                    throw BitDustException.invalid(parameter + " " + path + " is not a folder: it is " + kind(path));
                }
                return path;
            case FILE_OR_FOLDER:
                mustExist(parameter, path);
                if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
                    throw BitDustException.invalid(parameter + " " + path + " is neither a regular file nor a "
                            + "folder: it is " + kind(path));
                }
                return path;
            default:
                return path;
        }
    }

    /**
     * Reads a whole file checked with {@link Use#FILE}.
     *
     * @param file     the file
     * @param maxBytes the largest size accepted
     * @param what     what the file should be, for the message, e.g. "an identity backup"
     * @return its content
     * @throws BitDustException INVALID_ARGUMENT when it is larger or cannot be read, naming the file and the reason
     */
    static byte[] read(Path file, int maxBytes, String what) {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new BitDustException(problemCode(e), "cannot read " + file + ": " + reason(e, false), e);
        }
        if (content.length > maxBytes) {
            throw BitDustException.invalid(file + " is not " + what + ": larger than " + maxBytes + " bytes");
        }
        return content;
    }

    /**
     * Writes a file checked with {@link Use#NEW_FILE}, whole or not at all, readable by its owner only.
     *
     * @throws BitDustException INVALID_ARGUMENT naming the file and the reason when it cannot be written there
     *     (permission denied, a file system that takes no files such as /proc, a read-only or full disk)
     */
    static void writeNew(Path file, byte[] content) {
        try {
            AtomicFiles.write(file, content);
        } catch (BitDustException e) {
            if (e.getCause() instanceof IOException) {
                IOException cause = (IOException) e.getCause();
                throw new BitDustException(problemCode(cause), "cannot write " + file + ": not writable ("
                        + reason(cause, true) + ")", cause);
            }
            throw e;
        }
    }

    /**
     * A symbolic link given as the path stands for what it points to: a backup of a link to a folder is a backup of
     * the folder, and the catalog keeps the real path (links inside a folder are kept as links). A link to nothing
     * stays as it is.
     */
    private static Path followed(Path path) {
        if (!Files.isSymbolicLink(path) || !Files.exists(path)) {
            return path;
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static void mustExist(String parameter, Path path) {
        if (!Files.exists(path)) {
            throw BitDustException.notFound(parameter + " " + path + " does not exist");
        }
    }

    private static String kind(Path path) {
        if (Files.isDirectory(path)) {
            return "a folder";
        }
        if (Files.isRegularFile(path)) {
            return "a regular file";
        }
        return "a device, pipe, socket or other special file";
    }

    /** A failure that the path explains is the caller's; anything else is a fault of the node. */
    private static ErrorCode problemCode(IOException e) {
        return e instanceof FileSystemException ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL;
    }

    private static String reason(IOException e, boolean writing) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return writing ? "its folder takes no new files" : "it no longer exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not in a folder";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return Printable.escape(String.valueOf(e.getMessage()));
    }
}
