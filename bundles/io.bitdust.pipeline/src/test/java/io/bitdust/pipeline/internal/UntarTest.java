package io.bitdust.pipeline.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.pipeline.ExistingFilePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class UntarTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path outside;
    private Path destination;

    @Before
    public void setUp() throws IOException {
        outside = temp.newFolder("outside").toPath();
        destination = temp.newFolder("destination").toPath();
    }

    @Test
    public void dotDotIsRefused() throws IOException {
        assertRefused(new Tar().file("../outside/evil", "x"), "'..'");
        assertRefused(new Tar().file("a/../../outside/evil", "x"), "'..'");
    }

    @Test
    public void absolutePathsAreRefused() throws IOException {
        assertRefused(new Tar().file(outside.resolve("evil").toString(), "x"), "absolute");
    }

    @Test
    public void entriesThroughAnEarlierLinkAreRefused() throws IOException {
        assertRefused(new Tar().link("a", ".").file("a/evil", "x"), "through the link");
        assertRefused(new Tar().file("f", "x").file("f/evil", "x"), "through the link or file");
        assertRefused(new Tar().link("a", "b").directory("a/"), "came first");
    }

    @Test
    public void linksPointingOutAreNotCreated() throws IOException {
        Tar tar = new Tar().link("abs", outside.toString()).link("up", "../outside").link("d/up2", "../../x")
                .link("d/through", "e/../..").link("d/fine", "../file").link("d/dot", "./x/../y").file("file", "x");
        try (Untar untar = new Untar(destination)) {
            untar.extract(tar.stream());
            untar.commit(ExistingFilePolicy.FAIL_IF_EXISTS);
            assertEquals(List.of("abs -> " + outside, "up -> ../outside", "d/up2 -> ../../x", "d/through -> e/../..",
                    "d/dot -> ./x/../y"), untar.skippedLinks());
        }
        assertEquals(Paths.get("../file"), Files.readSymbolicLink(destination.resolve("d/fine")));
        assertEquals(List.of("d", "d/fine", "file"), tree(destination));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    public void linkChecksFollowTheDepth() {
        assertTrue(Untar.staysInside(0, "a/b"));
        assertTrue(Untar.staysInside(2, "../../a"));
        assertTrue(Untar.staysInside(1, ".././a/./b"));
        assertFalse(Untar.staysInside(1, "../../a"));
        assertFalse(Untar.staysInside(3, "a/../b"));
        assertFalse(Untar.staysInside(3, "/etc"));
        assertFalse(Untar.staysInside(3, ""));
    }

    @Test
    public void hardLinksAndDevicesAreRefused() throws IOException {
        assertRefused(new Tar().file("f", "x").entry("h", TarConstants.LF_LINK, "f"), "hard links");
        assertRefused(new Tar().entry("dev", TarConstants.LF_CHR, null), "devices");
        assertRefused(new Tar().entry("fifo", TarConstants.LF_FIFO, null), "pipes");
    }

    @Test
    public void duplicatesAreRefused() throws IOException {
        assertRefused(new Tar().file("f", "x").file("f", "y"), "came first");
        assertRefused(new Tar().link("l", "f").file("l", "y"), "came first");
    }

    @Test
    public void failIfExistsChangesNothing() throws IOException {
        Files.writeString(destination.resolve("b"), "mine");
        Tar tar = new Tar().directory("dir/").file("dir/a", "new").file("b", "new");
        try (Untar untar = new Untar(destination)) {
            untar.extract(tar.stream());
            untar.commit(ExistingFilePolicy.FAIL_IF_EXISTS);
            fail("replaced an existing file");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(destination.toRealPath().resolve("b").toString()));
        }
        assertEquals(List.of("b"), tree(destination));
        assertEquals("mine", Files.readString(destination.resolve("b")));
    }

    @Test
    public void skipKeepsAndOverwriteReplaces() throws IOException {
        Files.createDirectory(destination.resolve("dir"));
        Files.writeString(destination.resolve("dir/a"), "mine");
        Files.writeString(destination.resolve("dir/keep"), "mine");
        Tar tar = new Tar().directory("dir/").file("dir/a", "new").file("dir/c", "new");
        restore(tar, ExistingFilePolicy.SKIP);
        assertEquals("mine", Files.readString(destination.resolve("dir/a")));
        assertEquals("new", Files.readString(destination.resolve("dir/c")));
        restore(tar, ExistingFilePolicy.OVERWRITE);
        assertEquals("new", Files.readString(destination.resolve("dir/a")));
        assertEquals("mine", Files.readString(destination.resolve("dir/keep")));
        assertEquals(List.of("dir", "dir/a", "dir/c", "dir/keep"), tree(destination));
    }

    @Test
    public void existingLinksInTheDestinationAreNeverFollowed() throws IOException {
        Files.createSymbolicLink(destination.resolve("dir"), outside);
        Tar tar = new Tar().directory("dir/").file("dir/evil", "x");
        restore(tar, ExistingFilePolicy.SKIP);
        assertTrue(Files.isSymbolicLink(destination.resolve("dir")));
        restore(tar, ExistingFilePolicy.OVERWRITE);
        assertFalse(Files.isSymbolicLink(destination.resolve("dir")));
        assertEquals("x", Files.readString(destination.resolve("dir/evil")));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    public void overwriteNeverReplacesAFolderByAFile() throws IOException {
        Files.createDirectories(destination.resolve("f/sub"));
        try {
            restore(new Tar().file("f", "x"), ExistingFilePolicy.OVERWRITE);
            fail("replaced a folder");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.CONFLICT, e.code());
        }
        assertEquals(List.of("f", "f/sub"), tree(destination));
    }

    @Test
    public void permissionsAndTimesAreRestored() throws IOException {
        restore(new Tar().directory("ro/", 0500).file("ro/f", "x"), ExistingFilePolicy.FAIL_IF_EXISTS);
        assertEquals("r-x------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(destination.resolve("ro"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(destination.resolve("ro/f"))));
        assertEquals(Tar.MTIME, Files.getLastModifiedTime(destination.resolve("ro")).toMillis());
        assertEquals(Tar.MTIME, Files.getLastModifiedTime(destination.resolve("ro/f")).toMillis());
        Files.setPosixFilePermissions(destination.resolve("ro"),
                PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    public void largeAndEmptyFilesAreWrittenWholeWithTheirAttributes() throws IOException {
        byte[] large = new byte[(9 << 20) + 12345];
        new Random(7).nextBytes(large);
        byte[] round = Arrays.copyOf(large, 4 << 20);
        Tar tar = new Tar().file("large", large).file("empty", new byte[0]).file("round", round).file("small", "x");
        try (Untar untar = new Untar(destination)) {
            untar.extract(tar.stream());
            assertEquals("every byte is written when extract returns", large.length + round.length + 1,
                    untar.bytes());
            untar.commit(ExistingFilePolicy.FAIL_IF_EXISTS);
        }
        assertArrayEquals(large, Files.readAllBytes(destination.resolve("large")));
        assertArrayEquals(round, Files.readAllBytes(destination.resolve("round")));
        assertEquals(0, Files.size(destination.resolve("empty")));
        assertEquals("x", Files.readString(destination.resolve("small")));
        for (String name : List.of("large", "empty", "round", "small")) {
            assertEquals(name, Tar.MTIME, Files.getLastModifiedTime(destination.resolve(name)).toMillis());
            assertEquals(name, "rw-r-----", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(destination.resolve(name))));
        }
    }

    @Test
    public void aTruncatedArchiveFailsAndLeavesNothing() throws IOException {
        byte[] tar = new Tar().file("a", new byte[3 << 20]).file("b", "x").stream().readAllBytes();
        try (Untar untar = new Untar(destination)) {
            untar.extract(new ByteArrayInputStream(tar, 0, 2 << 20));
            fail("a truncated archive was unpacked");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().toLowerCase(Locale.ROOT).contains("truncated"));
        }
        assertEquals(List.of(), tree(destination));
    }

    private void restore(Tar tar, ExistingFilePolicy policy) throws IOException {
        try (Untar untar = new Untar(destination)) {
            untar.extract(tar.stream());
            untar.commit(policy);
        }
    }

    private void assertRefused(Tar tar, String why) throws IOException {
        try (Untar untar = new Untar(destination)) {
            untar.extract(tar.stream());
            untar.commit(ExistingFilePolicy.OVERWRITE);
            fail("accepted a malicious archive");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(why));
        }
        assertEquals(List.of(), tree(destination));
        assertEquals(List.of(), tree(outside));
        assertFalse(Files.exists(temp.getRoot().toPath().resolve("evil")));
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** A tar stream written entry by entry, with any names and links. */
    private static final class Tar {
        static final long MTIME = 1_500_000_000_000L;

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8");

        Tar file(String name, String content) throws IOException {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        Tar file(String name, byte[] data) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            entry.setMode(0100640);
            entry.setModTime(MTIME);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
            return this;
        }

        Tar directory(String name) throws IOException {
            return directory(name, 0700);
        }

        Tar directory(String name, int mode) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setMode(040000 | mode);
            entry.setModTime(MTIME);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        Tar link(String name, String target) throws IOException {
            return entry(name, TarConstants.LF_SYMLINK, target);
        }

        Tar entry(String name, byte type, String link) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            if (link != null) {
                entry.setLinkName(link);
            }
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        ByteArrayInputStream stream() throws IOException {
            tar.close();
            return new ByteArrayInputStream(bytes.toByteArray());
        }
    }
}
