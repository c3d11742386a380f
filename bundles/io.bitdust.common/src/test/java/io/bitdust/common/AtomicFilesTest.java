package io.bitdust.common;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesAndReplacesWholeFilesReadableByTheOwnerOnly() throws Exception {
        Path folder = tmp.getRoot().toPath().resolve("a/b");
        AtomicFiles.createFolder(folder);
        Path file = folder.resolve("x.json");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        AtomicFiles.write(file, new byte[] {4});
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(folder)) {
            assertEquals("no temporary file is left", 1, files.count());
        }
    }

    @Test
    public void aMissingFolderIsAnErrorNamingTheFile() {
        Path file = tmp.getRoot().toPath().resolve("missing/x.json");
        BitDustException e = assertThrows(BitDustException.class, () -> AtomicFiles.write(file, new byte[1]));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals(true, e.getMessage().contains(file.toString()));
    }
}
