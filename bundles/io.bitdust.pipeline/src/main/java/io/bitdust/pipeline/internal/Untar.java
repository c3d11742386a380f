package io.bitdust.pipeline.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.pipeline.ExistingFilePolicy;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a tar stream into a destination without ever writing outside it. Entries first go to a fresh staging folder
 * inside the destination ({@value #STAGING_PREFIX}...), and only {@link #commit} moves them into place, following an
 * {@link ExistingFilePolicy}; {@link #close()} removes what is left, so a failed restore leaves no file that looks
 * complete.
 *
 * <p>Refused, failing the restore: absolute names, {@code ..} components, entries below a link or a file (a link
 * placed to redirect later entries), duplicate entries, hard links, devices and pipes. Symbolic links whose target is
 * absolute, climbs above the destination, or has {@code ..} after a name (which could climb through another link)
 * are not created, and are listed by {@link #skippedLinks()}. Permission bits (without setuid, setgid and sticky)
 * and modification times are restored; folder attributes are kept in memory until {@link #commit}. Not thread-safe.
 */
public final class Untar implements Closeable {
    /** The name prefix of the staging folder, which marks an incomplete restore. */
    public static final String STAGING_PREFIX = ".bitdust-incomplete-restore-";

    private static final Logger LOG = LoggerFactory.getLogger(Untar.class);
    private static final int BUFFER = 128 * 1024;
    private static final Set<Byte> REGULAR = Set.of(TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM,
            TarConstants.LF_CONTIG);

    private final Path root;
    private final Path staging;
    private final boolean posix;
    private final Map<Path, Folder> folders = new HashMap<>();
    private final List<String> skippedLinks = new ArrayList<>();
    private final List<String> changedFiles = new ArrayList<>();
    private final byte[] buffer = new byte[BUFFER];
    private long entries;
    private volatile long bytes;

    /**
     * @param destination the folder to restore into; created when missing
     * @throws IOException when the destination or the staging folder cannot be created
     */
    public Untar(Path destination) throws IOException {
        Files.createDirectories(destination);
        root = destination.toRealPath();
        staging = Files.createTempDirectory(root, STAGING_PREFIX);
        posix = Files.getFileStore(staging).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** @return entries unpacked so far */
    public long entries() {
        return entries;
    }

    /** @return bytes of file content written so far; may be read from any thread */
    public long bytes() {
        return bytes;
    }

    /**
     * @return the files the backup found changing while it read them, as {@code name: what happened}: their content
     *     may mix moments (see {@link TarWriter})
     */
    public List<String> changedFiles() {
        return List.copyOf(changedFiles);
    }

    /** @return the links not created, as {@code name -> target} */
    public List<String> skippedLinks() {
        return List.copyOf(skippedLinks);
    }

    /**
     * Unpacks a tar stream into the staging folder. The stream is read to the tar's end marker, not closed.
     *
     * @param in the tar stream
     * @throws IOException when reading or writing fails
     * @throws BitDustException INVALID_ARGUMENT naming the entry when one is refused
     */
    public void extract(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            if (entry.getLinkFlag() == TarWriter.CHANGED_FILES_TYPE) {
                Map<String, String> records = entry.getExtraPaxHeaders();
                for (int i = 0; records.containsKey(TarWriter.CHANGED_KEY + i + ".name"); i++) {
                    String file = records.get(TarWriter.CHANGED_KEY + i + ".name");
                    String what = records.getOrDefault(TarWriter.CHANGED_KEY + i + ".what", "changed");
                    LOG.warn("{} changed while it was backed up: {}", printable(file), printable(what));
                    changedFiles.add(file + ": " + what);
                }
                continue;
            }
            Path relative = relative(entry.getName());
            if (relative == null) {
                continue;
            }
            Path target = folder(relative.getParent(), entry).resolve(relative.getFileName());
            if (entry.isDirectory()) {
                directory(target, entry);
                folders.put(relative, new Folder(entry.getMode(), entry.getLastModifiedTime()));
            } else if (entry.isSymbolicLink()) {
                link(relative, target, entry);
            } else if (REGULAR.contains(entry.getLinkFlag())) {
                file(target, tar, entry);
            } else {
                throw refused(entry, "hard links, devices and pipes are not restored");
            }
            entries++;
        }
    }

    /**
     * Moves the unpacked entries into the destination. Folders are merged; nothing is written below a link that
     * exists in the destination.
     *
     * @param policy what to do with entries that exist already
     * @throws IOException when moving fails
     * @throws BitDustException CONFLICT naming the entries when the policy is {@code FAIL_IF_EXISTS} and some exist,
     *     before anything changes; CONFLICT when {@code OVERWRITE} meets a folder where a file or link goes
     */
    public void commit(ExistingFilePolicy policy) throws IOException {
        if (policy == ExistingFilePolicy.FAIL_IF_EXISTS) {
            List<Path> conflicts = conflicts();
            if (!conflicts.isEmpty()) {
                throw new BitDustException(ErrorCode.CONFLICT, conflicts.size() + " restored entries exist already in "
                        + root + " (policy " + policy + "), e.g. "
                        + conflicts.subList(0, Math.min(5, conflicts.size())));
            }
        }
        Files.walkFileTree(staging, new SimpleFileVisitor<>() {
            private final Deque<Boolean> restoreAttributes = new ArrayDeque<>();

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(staging)) {
                    return FileVisitResult.CONTINUE;
                }
                Path target = target(dir);
                BasicFileAttributes existing = attributes(target);
                if (existing != null && existing.isDirectory()) {
                    restoreAttributes.push(policy == ExistingFilePolicy.OVERWRITE);
                    return FileVisitResult.CONTINUE;
                }
                if (existing != null && policy != ExistingFilePolicy.OVERWRITE) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (existing != null) {
                    Files.delete(target);
                }
                Files.createDirectory(target);
                restoreAttributes.push(true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = target(file);
                BasicFileAttributes existing = attributes(target);
                if (existing == null) {
                    Files.move(file, target);
                } else if (policy == ExistingFilePolicy.OVERWRITE) {
                    if (existing.isDirectory()) {
                        throw new BitDustException(ErrorCode.CONFLICT, "cannot replace the folder " + target
                                + " by a restored file or link");
                    }
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!dir.equals(staging) && restoreAttributes.pop()) {
                    Folder folder = folders.get(staging.relativize(dir));
                    if (folder != null) {
                        attributes(target(dir), folder.mode(), folder.modified());
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Removes the staging folder with whatever is left in it. */
    @Override
    public void close() throws IOException {
        if (!Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(staging, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private List<Path> conflicts() throws IOException {
        List<Path> conflicts = new ArrayList<>();
        Files.walkFileTree(staging, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(staging)) {
                    return FileVisitResult.CONTINUE;
                }
                BasicFileAttributes existing = attributes(target(dir));
                if (existing == null) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!existing.isDirectory()) {
                    conflicts.add(target(dir));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attributes(target(file)) != null) {
                    conflicts.add(target(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return conflicts;
    }

    private Path target(Path staged) {
        return root.resolve(staging.relativize(staged));
    }

    /** @return the entry's name as a relative path, null for the root itself */
    private static Path relative(String name) {
        if (name.indexOf('\0') >= 0 || name.startsWith("/")) {
            throw BitDustException.invalid("refused tar entry '" + printable(name) + "': absolute path or NUL");
        }
        Path path = null;
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw BitDustException.invalid("refused tar entry '" + printable(name) + "': '..' in its path");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                path = path == null ? Paths.get(part) : path.resolve(part);
            }
        }
        return path;
    }

    /** @return the staged folder {@code relative}, created where missing, never through a link or a file */
    private Path folder(Path relative, TarArchiveEntry entry) throws IOException {
        Path folder = staging;
        if (relative == null) {
            return folder;
        }
        for (Path part : relative) {
            folder = folder.resolve(part);
            BasicFileAttributes existing = attributes(folder);
            if (existing == null) {
                Files.createDirectory(folder);
            } else if (!existing.isDirectory()) {
                throw refused(entry, "it would go through the link or file " + staging.relativize(folder));
            }
        }
        return folder;
    }

    private void directory(Path target, TarArchiveEntry entry) throws IOException {
        BasicFileAttributes existing = attributes(target);
        if (existing == null) {
            Files.createDirectory(target);
        } else if (!existing.isDirectory()) {
            throw refused(entry, "a link or file of that name came first");
        }
    }

    private void link(Path relative, Path target, TarArchiveEntry entry) throws IOException {
        String link = entry.getLinkName();
        if (!staysInside(relative.getNameCount() - 1, link)) {
            skippedLinks.add(relative + " -> " + link);
            LOG.warn("Did not restore the link {} -> {}: it points outside the destination", relative, link);
            return;
        }
        try {
            Files.createSymbolicLink(target, Paths.get(link));
        } catch (FileAlreadyExistsException e) {
            throw refused(entry, "an entry of that name came first");
        }
        Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(entry.getLastModifiedTime(), null, null);
    }

    private void file(Path target, InputStream tar, TarArchiveEntry entry) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            for (int n = tar.read(buffer); n >= 0; n = tar.read(buffer)) {
                out.write(buffer, 0, n);
                bytes += n;
            }
        } catch (FileAlreadyExistsException e) {
            throw refused(entry, "an entry of that name came first");
        }
        attributes(target, entry.getMode(), entry.getLastModifiedTime());
    }

    private void attributes(Path path, int mode, FileTime modified) throws IOException {
        if (posix) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission permission : PosixFilePermission.values()) {
                if ((mode & (0400 >> permission.ordinal())) != 0) {
                    permissions.add(permission);
                }
            }
            Files.setPosixFilePermissions(path, permissions);
        }
        Files.setLastModifiedTime(path, modified);
    }

    /**
     * @param depth  how many folders the link is below the destination
     * @param target the link's target
     * @return whether following it cannot leave the destination, provided every other link is checked too
     */
    static boolean staysInside(int depth, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        boolean descending = false;
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (descending || --depth < 0) {
                    return false;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                descending = true;
            }
        }
        return true;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static BitDustException refused(TarArchiveEntry entry, String why) {
        return BitDustException.invalid("refused tar entry '" + printable(entry.getName()) + "': " + why);
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }

    /** The attributes of a folder entry, applied when the folder is in place. */
    private record Folder(int mode, FileTime modified) {
    }
}
