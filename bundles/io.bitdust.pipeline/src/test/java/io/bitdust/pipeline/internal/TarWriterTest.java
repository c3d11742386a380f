package io.bitdust.pipeline.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.pipeline.ExistingFilePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A file written to while a backup reads it: the archive stays consistent (the entry keeps the size the walk saw),
 * the change is reported with the file's name, and the archive itself names it to whoever restores it. And the
 * archive is the same whether file bytes pass through the writer or are read straight into the backup's blocks.
 */
public class TarWriterTest {
    private static final int SIZE = 1 << 20;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aFileThatShrinksIsPaddedWithZerosAndReported() throws IOException {
        byte[] original = random(1);
        List<String> changes = new ArrayList<>();
        byte[] restored = backUpWhile(original, file -> {
            try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
                open.setLength(SIZE / 2);
            }
        }, changes);
        assertEquals(SIZE, restored.length);
        assertArrayEquals(new byte[SIZE / 2], Arrays.copyOfRange(restored, SIZE / 2, SIZE));
        assertEquals(1, changes.size());
        assertTrue(changes.get(0), changes.get(0).startsWith("docs/data.bin shrank while it was read"));
    }

    @Test
    public void aFileThatGrowsKeepsItsFirstBytesAndIsReported() throws IOException {
        byte[] original = random(2);
        List<String> changes = new ArrayList<>();
        byte[] restored = backUpWhile(original, file -> Files.write(file, new byte[4096],
                StandardOpenOption.APPEND), changes);
        assertArrayEquals(original, restored);
        assertEquals(List.of("docs/data.bin grew while it was read: its first " + SIZE + " bytes are kept"), changes);
    }

    @Test
    public void aFileModifiedInPlaceIsReported() throws IOException {
        byte[] original = random(3);
        List<String> changes = new ArrayList<>();
        backUpWhile(original, file -> Files.setLastModifiedTime(file, FileTime.fromMillis(
                Files.getLastModifiedTime(file).toMillis() + 5000)), changes);
        assertEquals(List.of("docs/data.bin was modified while it was read: it may mix old and new content"),
                changes);
    }

    @Test
    public void aQuietFileIsNotReported() throws IOException {
        byte[] original = random(4);
        List<String> changes = new ArrayList<>();
        assertArrayEquals(original, backUpWhile(original, file -> { }, changes));
        assertEquals(List.of(), changes);
    }

    @Test
    public void fileBytesReadStraightIntoBlocksMakeTheSameArchive() throws IOException {
        Path source = temp.newFolder("tree").toPath();
        Files.createDirectories(source.resolve("d".repeat(120)).resolve("sub"));
        Files.createDirectories(source.resolve("empty"));
        Files.write(source.resolve("d".repeat(120)).resolve("sub").resolve("f".repeat(150)), random(6));
        Files.writeString(source.resolve("ünïcødé 文件.txt"), "hi");
        for (int size : new int[] {0, 1, 511, 512, 513, 70_000}) {
            Files.write(source.resolve("a" + size), Arrays.copyOf(random(size), size));
        }
        Files.createSymbolicLink(source.resolve("link"), Path.of("a513"));

        ByteArrayOutputStream through = new ByteArrayOutputStream();
        TarWriter plain = new TarWriter(through, new AtomicLong(), (entry, what) -> { });
        plain.write(source);
        plain.close();
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        AtomicLong bytes = new AtomicLong();
        // blocks of an odd size, so that headers, contents and paddings are cut anywhere
        TarWriter straight = new TarWriter(new BlockOutputStream(1000, (block, length, last) -> blocks.write(block, 0,
                length)), bytes, (entry, what) -> { });
        straight.write(source);
        straight.close();

        assertArrayEquals(through.toByteArray(), blocks.toByteArray());
        assertEquals(SIZE + 2 + 1 + 511 + 512 + 513 + 70_000, bytes.get());
        Path destination = temp.newFolder("restored").toPath();
        try (Untar untar = new Untar(destination)) {
            untar.extract(new ByteArrayInputStream(blocks.toByteArray()));
            untar.commit(ExistingFilePolicy.FAIL_IF_EXISTS);
        }
        for (int size : new int[] {0, 1, 511, 512, 513, 70_000}) {
            assertArrayEquals(Files.readAllBytes(source.resolve("a" + size)),
                    Files.readAllBytes(destination.resolve("tree").resolve("a" + size)));
        }
        assertArrayEquals(random(6), Files.readAllBytes(destination.resolve("tree").resolve("d".repeat(120))
                .resolve("sub").resolve("f".repeat(150))));
        assertEquals(Path.of("a513"), Files.readSymbolicLink(destination.resolve("tree").resolve("link")));
    }

    private interface Change {
        void apply(Path file) throws IOException;
    }

    /** Backs up a folder holding one file, changing the file once the archive has started to flow out. */
    private byte[] backUpWhile(byte[] content, Change change, List<String> changes) throws IOException {
        Path source = temp.newFolder("docs").toPath();
        Path file = source.resolve("data.bin");
        Files.write(file, content);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        boolean[] changed = new boolean[1];
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (!changed[0] && archive.size() > 64 * 1024) {
                    changed[0] = true;
                    change.apply(file);
                }
                archive.write(bytes, offset, length);
            }
        };
        List<String> named = new ArrayList<>();
        TarWriter tar = new TarWriter(out, new AtomicLong(), (entry, what) -> {
            changes.add(entry + " " + what);
            named.add(entry + ": " + what);
        });
        tar.write(source);
        tar.close();
        assertTrue("the file was changed during the read", changed[0]);
        Path destination = temp.newFolder("restored").toPath();
        try (Untar untar = new Untar(destination)) {
            untar.extract(new ByteArrayInputStream(archive.toByteArray()));
            untar.commit(ExistingFilePolicy.FAIL_IF_EXISTS);
            assertEquals("the archive names the changed files to the restore", named, untar.changedFiles());
            assertEquals("the list is no entry of its own", 2, untar.entries());
        }
        return Files.readAllBytes(destination.resolve("docs").resolve("data.bin"));
    }

    private static byte[] random(long seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
