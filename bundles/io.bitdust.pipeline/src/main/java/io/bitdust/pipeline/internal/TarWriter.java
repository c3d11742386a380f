package io.bitdust.pipeline.internal;

import io.bitdust.common.BitDustException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file or a folder as a POSIX (pax) tar stream: names in UTF-8 of any length, sizes, permission bits,
 * modification times, empty folders, and symbolic links as links (never followed). The entries are named after the
 * source's last name component. Owners are not recorded: a restore creates files as the restoring user. Sockets,
 * pipes and devices are skipped with a warning. Files that change while they are read are listed at the end of the
 * stream in one entry of the vendor type {@value #CHANGED_FILES_TYPE} ({@link #CHANGED_FILES_NAME}, no content),
 * whose pax records {@code BITDUST.changed.<i>.name} and {@code BITDUST.changed.<i>.what} (i from 0) name each file
 * and what happened, so that a restore can say which files may not be what any one moment held.
 *
 * <p>commons-compress encodes each entry's headers (the pax extended header when one is needed, then the ustar
 * header); a file's content goes from its channel straight into the output when that is a {@link ChannelTarget} (the
 * backup's blocks), without passing through commons-compress's 512-byte records. The stream is byte for byte what
 * {@link TarArchiveOutputStream} writes for the same entries. Not thread-safe.
 */
public final class TarWriter {
    /** An output that reads a file's bytes from its channel into its own buffers, saving a copy. */
    public interface ChannelTarget {
        /**
         * Reads some of the channel's bytes into the output.
         *
         * @param in    the channel
         * @param count the most bytes to read
         * @return the bytes read, or -1 at the end of the channel
         * @throws IOException when the channel cannot be read or the output cannot take the bytes
         */
        int readFrom(ReadableByteChannel in, long count) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TarWriter.class);
    private static final int BUFFER = 128 * 1024;
    /** A tar record: headers and contents are padded to whole records. */
    private static final int RECORD = 512;
    private static final int FILE_TYPE = 0100000;
    private static final int FOLDER_TYPE = 040000;
    private static final int LINK_TYPE = 0120000;
    /** The type flag of the entry that lists the files changed while they were read (POSIX leaves A-Z to vendors). */
    static final byte CHANGED_FILES_TYPE = 'B';
    /** The name of that entry. */
    static final String CHANGED_FILES_NAME = "bitdust-changed-while-read";
    /** The prefix of its pax records. */
    static final String CHANGED_KEY = "BITDUST.changed.";

    private final OutputStream out;
    private final ByteArrayOutputStream headers = new ByteArrayOutputStream(2 * RECORD);
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final AtomicLong bytes;
    private final BiConsumer<String, String> changed;
    /** The files that changed while they were read: entry name, what happened. */
    private final Map<String, String> changedFiles = new LinkedHashMap<>();

    /**
     * @param out     where the tar stream goes; closed by {@link #close()}
     * @param bytes   counts the bytes of file content written, for progress reports from other threads
     * @param changed told of each file that changed while it was read: its entry name and what happened
     */
    public TarWriter(OutputStream out, AtomicLong bytes, BiConsumer<String, String> changed) {
        this.bytes = bytes;
        this.changed = (entry, what) -> {
            changedFiles.put(entry, what);
            changed.accept(entry, what);
        };
        this.out = out;
    }

    /**
     * @param source the file or folder to write, with everything below it
     * @throws IOException naming the file when one cannot be read
     * @throws BitDustException INVALID_ARGUMENT when the source has no name (a file system root)
     */
    public void write(Path source) throws IOException {
        Path name = source.toAbsolutePath().normalize().getFileName();
        if (name == null) {
            throw BitDustException.invalid("cannot back up a file system root: " + source);
        }
        String root = name.toString();
        Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                new FileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        TarArchiveEntry entry = new TarArchiveEntry(entryName(root, source, dir) + "/");
                        entry.setMode(FOLDER_TYPE | permissions(dir));
                        entry.setLastModifiedTime(attrs.lastModifiedTime());
                        putHeaders(entry);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String entryName = entryName(root, source, file);
                        if (attrs.isSymbolicLink()) {
                            writeLink(entryName, file, attrs);
                        } else if (attrs.isRegularFile()) {
                            writeFile(entryName, file, attrs);
                        } else {
                            LOG.warn("Skipped {}: not a regular file, folder or symbolic link", file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /**
     * Writes the end of the archive and closes the stream below.
     *
     * @throws IOException when the stream below fails
     */
    public void close() throws IOException {
        if (!changedFiles.isEmpty()) {
            TarArchiveEntry list = new TarArchiveEntry(CHANGED_FILES_NAME, CHANGED_FILES_TYPE);
            int i = 0;
            for (Map.Entry<String, String> file : changedFiles.entrySet()) {
                list.addPaxHeader(CHANGED_KEY + i + ".name", file.getKey());
                list.addPaxHeader(CHANGED_KEY + i + ".what", file.getValue());
                i++;
            }
            putHeaders(list);
        }
        out.write(new byte[2 * RECORD]);
        out.close();
    }

    /** Writes the headers of an entry as commons-compress encodes them: POSIX (pax) names and numbers of any size. */
    private void putHeaders(TarArchiveEntry entry) throws IOException {
        headers.reset();
        // the entry's headers are written when it is put; the stream is left with it open, its content goes to out
        TarArchiveOutputStream encoder = new TarArchiveOutputStream(headers, StandardCharsets.UTF_8.name());
        encoder.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        encoder.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        encoder.setAddPaxHeadersForNonAsciiNames(true);
        encoder.putArchiveEntry(entry);
        headers.writeTo(out);
    }

    private void writeLink(String entryName, Path link, BasicFileAttributes attrs) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(entryName, TarConstants.LF_SYMLINK);
        entry.setLinkName(Files.readSymbolicLink(link).toString());
        entry.setMode(LINK_TYPE | 0777);
        entry.setLastModifiedTime(attrs.lastModifiedTime());
        putHeaders(entry);
    }

    /**
     * Writes a file as it is read. A file written to meanwhile cannot be held still: the entry keeps the size it had
     * when the walk reached it (a file that shrank is padded with zeros, one that grew is cut), and the change is
     * reported, so the version says which files may be inconsistent.
     */
    private void writeFile(String entryName, Path file, BasicFileAttributes attrs) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(entryName);
        entry.setMode(FILE_TYPE | permissions(file));
        entry.setLastModifiedTime(attrs.lastModifiedTime());
        entry.setSize(attrs.size());
        putHeaders(entry);
        long left = attrs.size();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (left > 0) {
                int n = readInto(in, left);
                if (n < 0) {
                    break;
                }
                left -= n;
                bytes.addAndGet(n);
            }
        }
        if (left > 0) {
            changed.accept(entryName, "shrank while it was read: its last " + left + " bytes are zeros");
            writeZeros(left);
        } else {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (now.size() != attrs.size()) {
                changed.accept(entryName, "grew while it was read: its first " + attrs.size() + " bytes are kept");
            } else if (!now.lastModifiedTime().equals(attrs.lastModifiedTime())) {
                changed.accept(entryName, "was modified while it was read: it may mix old and new content");
            }
        }
        writeZeros(-attrs.size() & (RECORD - 1));
    }

    /** @return bytes of the file put into the output, at most {@code count}, or -1 at its end */
    private int readInto(FileChannel in, long count) throws IOException {
        if (out instanceof ChannelTarget) {
            return ((ChannelTarget) out).readFrom(in, count);
        }
        buffer.clear().limit((int) Math.min(BUFFER, count));
        int n = in.read(buffer);
        if (n > 0) {
            out.write(buffer.array(), 0, n);
        }
        return n;
    }

    private void writeZeros(long count) throws IOException {
        Arrays.fill(buffer.array(), (byte) 0);
        while (count > 0) {
            int n = (int) Math.min(BUFFER, count);
            out.write(buffer.array(), 0, n);
            count -= n;
        }
    }

    private static String entryName(String root, Path source, Path path) {
        StringBuilder name = new StringBuilder(root);
        for (Path part : source.relativize(path)) {
            if (!part.toString().isEmpty()) {
                name.append('/').append(part);
            }
        }
        return name.toString();
    }

    private static int permissions(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return 0644;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }
}
