package io.bitdust.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files written and read past the page cache where the file system allows it ({@code O_DIRECT}), for data that is
 * written once and read back seldom, such as the fragments a supplier keeps for its customers: the kernel neither
 * copies them through cache pages nor finds pages for them, which on a virtual machine costs more than the copy
 * (about 2 s of system time per GiB of new pages, against 0.05 s written directly).
 *
 * <p>The bytes pass through an aligned native buffer, a whole chunk per system call. Where the file system refuses
 * direct I/O (tmpfs on older kernels, some network file systems, other systems than Linux and Windows) the same
 * calls go through the page cache. That is decided once per file system, which is known by its device number (a
 * {@code stat} of the file's folder) rather than by reading the system's mount table for every file.
 */
public final class UncachedFiles {
    /** Bytes per system call; a multiple of every block size direct I/O is used with. */
    static final int CHUNK = 1 << 20;

    private static final int MAX_ALIGNMENT = 64 << 10;
    private static final BlockingQueue<ByteBuffer> SPARE_BUFFERS = new ArrayBlockingQueue<>(8);
    /** Per file system (its device number, or its FileStore where the JDK gives no device): how to open a file. */
    private static final Map<Object, Optional<Direct>> DECISIONS = new ConcurrentHashMap<>();
    /** {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, or null where the JDK has none. */
    private static final OpenOption DIRECT_OPTION = directOption();

    private UncachedFiles() {
    }

    /**
     * Creates a new file, written directly where its file system allows it.
     *
     * @throws java.nio.file.FileAlreadyExistsException when the file exists
     */
    public static Output createNew(Path file) throws IOException {
        Direct direct = direct(file);
        if (direct != null) {
            try {
                return new Output(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        direct.option), direct.alignment);
            } catch (UnsupportedOperationException e) {
                refused(direct);
                Files.deleteIfExists(file); // created before direct I/O was refused
            }
        }
        return buffered(file);
    }

    /** Creates a new file written through the page cache, as {@link #createNew} does where direct I/O is refused. */
    static Output buffered(Path file) throws IOException {
        return new Output(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1);
    }

    /** Reads a whole file, directly where its file system allows it. */
    public static byte[] readAll(Path file) throws IOException {
        return readAll(file, 0);
    }

    /**
     * Reads a whole file, directly where its file system allows it, into a new array after room for what goes before
     * it (the header of the message that carries it, written there later, so that the file is not copied again).
     *
     * @param file   the file
     * @param before bytes to leave free at the start of the array
     * @return {@code before} bytes, then the file's
     * @throws IOException when the file cannot be read whole, or would not fit an array after {@code before} bytes
     */
    public static byte[] readAll(Path file, int before) throws IOException {
        if (before < 0) {
            throw new IllegalArgumentException("negative room before the file: " + before);
        }
        Direct direct = direct(file);
        if (direct != null) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, direct.option)) {
                return readAll(file, channel, before);
            } catch (UnsupportedOperationException e) {
                refused(direct);
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readAll(file, channel, before);
        }
    }

    private static byte[] readAll(Path file, FileChannel channel, int before) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8 - before) {
            throw new IOException(file + " is too large to read whole: " + size + " bytes");
        }
        byte[] content = new byte[before + (int) size];
        ByteBuffer buffer = takeBuffer();
        try {
            int at = before;
            while (at < content.length) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    break;
                }
                n = Math.min(n, content.length - at);
                buffer.flip().get(content, at, n);
                at += n;
            }
            if (at != content.length) {
                throw new IOException(file + " shrank while it was read: " + (at - before) + " of " + size
                        + " bytes");
            }
            return content;
        } finally {
            giveBack(buffer);
        }
    }

    /** @return how to open a file directly in the file's folder, or null where that is not possible */
    private static Direct direct(Path file) throws IOException {
        if (DIRECT_OPTION == null) {
            return null;
        }
        Path folder = file.toAbsolutePath().getParent();
        Object fileSystem = fileSystemOf(folder);
        Optional<Direct> known = DECISIONS.get(fileSystem);
        if (known == null) {
            long blockSize = Files.getFileStore(folder).getBlockSize();
            known = blockSize <= 0 || blockSize > MAX_ALIGNMENT || Long.bitCount(blockSize) != 1 ? Optional.empty()
                    : Optional.of(new Direct(fileSystem, DIRECT_OPTION, (int) blockSize));
            Optional<Direct> earlier = DECISIONS.putIfAbsent(fileSystem, known);
            known = earlier != null ? earlier : known;
        }
        return known.orElse(null);
    }

    /** @return the device number of the folder's file system, or its FileStore where the JDK has no Unix view */
    private static Object fileSystemOf(Path folder) throws IOException {
        try {
            return Files.getAttribute(folder, "unix:dev");
        } catch (UnsupportedOperationException e) {
            return Files.getFileStore(folder);
        }
    }

    /**
     * The JDK opened the file before the file system refused direct I/O, and does not close that descriptor; this
     * happens at most once per file system.
     */
    private static void refused(Direct direct) {
        DECISIONS.put(direct.fileSystem, Optional.empty());
    }

    private static OpenOption directOption() {
        try {
            return com.sun.nio.file.ExtendedOpenOption.DIRECT;
        } catch (LinkageError e) {
            return null;
        }
    }

    private static ByteBuffer takeBuffer() {
        ByteBuffer spare = SPARE_BUFFERS.poll();
        return spare != null ? spare
                : ByteBuffer.allocateDirect(CHUNK + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT).limit(CHUNK).slice();
    }

    private static void giveBack(ByteBuffer buffer) {
        buffer.clear();
        SPARE_BUFFERS.offer(buffer);
    }

    private record Direct(Object fileSystem, OpenOption option, int alignment) {
    }

    /**
     * A new file being written. {@link #finish} writes the last bytes padded to the file system's block, cuts the
     * file to its length and forces it to disk; {@link #flush} does nothing, as a file written directly cannot take
     * a partial block in its middle. A stream closed without {@code finish} leaves an incomplete file for its caller
     * to delete.
     */
    public static final class Output extends OutputStream {
        private final FileChannel channel;
        private final int alignment;
        private ByteBuffer buffer = takeBuffer();
        private long length;
        private boolean finished;

        private Output(FileChannel channel, int alignment) {
            this.channel = channel;
            this.alignment = alignment;
        }

        /** @return whether the file is written past the page cache */
        public boolean direct() {
            return alignment > 1;
        }

        @Override
        public void write(int b) throws IOException {
            open();
            if (!buffer.hasRemaining()) {
                writeChunk();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            open();
            Objects.checkFromIndexSize(offset, count, bytes.length);
            while (count > 0) {
                if (!buffer.hasRemaining()) {
                    writeChunk();
                }
                int n = Math.min(count, buffer.remaining());
                buffer.put(bytes, offset, n);
                offset += n;
                count -= n;
            }
        }

        /** Writes what is left, sets the file's length and forces its content and size to disk. */
        public void finish() throws IOException {
            open();
            int tail = buffer.position();
            int padded = (tail + alignment - 1) / alignment * alignment;
            while (buffer.position() < padded) {
                buffer.put((byte) 0);
            }
            writeChunk();
            length -= padded - tail;
            if (padded != tail) {
                channel.truncate(length);
            }
            channel.force(true);
            finished = true;
        }

        @Override
        public void close() throws IOException {
            if (buffer != null) {
                giveBack(buffer);
                buffer = null;
                channel.close();
            }
        }

        private void writeChunk() throws IOException {
            buffer.flip();
            length += buffer.remaining();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        private void open() throws IOException {
            if (buffer == null) {
                throw new IOException("the file is closed");
            }
            if (finished) {
                throw new IOException("the file is finished");
            }
        }
    }
}
