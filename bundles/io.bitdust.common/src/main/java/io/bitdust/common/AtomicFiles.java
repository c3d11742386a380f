package io.bitdust.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written whole or not at all: the content goes to a temporary file in the same folder, is synced to disk,
 * then renamed over the target, so a crash leaves the old file or the new one, never a mix. Files are created
 * readable by their owner only ({@code rw-------} where the file system has POSIX permissions).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * @param file    the file to create or replace; its folder must exist
     * @param content its new content
     * @throws BitDustException INTERNAL naming the file when it cannot be written
     */
    public static void write(Path file, byte[] content) {
        Path temp = null;
        try {
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot write " + file + ": " + e, e);
        } finally {
            if (temp != null) {
                temp.toFile().delete();
            }
        }
    }

    /**
     * @param folder a folder to create with its parents, if missing
     * @throws BitDustException INTERNAL naming the folder when it cannot be created
     */
    public static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot create folder " + folder + ": " + e, e);
        }
    }
}
