package io.bitdust.api.internal;

import static io.bitdust.api.internal.ApiResults.error;
import static io.bitdust.api.internal.ApiResults.ok;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.BackupJob;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.VersionDelivery;
import io.bitdust.common.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The backups area's functions with a running catalog and backup service: what they change and what they answer. */
public class BackupsFunctionsTest {
    private static final Pattern ADDED = Pattern.compile("new (file|folder) was added: ([0-9/]+), local path is (.+)");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeCatalog catalog = new FakeCatalog();
    private final FakeBackupService service = new FakeBackupService(catalog);
    private Api api;
    private Path home;

    @Before
    public void setUp() throws Exception {
        BackupsFunctions backups = new BackupsFunctions();
        backups.catalog.bind("catalog", catalog);
        backups.backups.bind("backups", service);
        api = new Api(new AreaService<>(ProcessFunctions.AREA), tmp.getRoot().toPath(), Map.of(), "test")
                .add(backups);
        home = tmp.newFolder("home").toPath();
    }

    @Test
    public void backupDirAddPutsTheFolderInTheCatalogUnderItsPathIdWithoutQueueingABackup() throws Exception {
        Path movies = Files.createDirectory(home.resolve("Movies"));
        String answer = (String) ok(api.call("backup_dir_add", Map.of("dirpath", movies.toString())));
        Matcher added = added(answer);
        assertEquals("folder", added.group(1));
        assertEquals(movies.toString(), added.group(3));
        String pathId = added.group(2);
        assertEquals("the path ID answered is the catalog's", pathId,
                catalog.itemByLocalPath(movies.toString()).orElseThrow().pathId());

        Map<?, ?> listed = listed(movies.toString());
        assertEquals(pathId, listed.get("id"));
        assertEquals("parent", listed.get("type"));
        assertEquals(List.of(), listed.get("versions"));
        assertEquals("the folders above it are listed, each before what it holds", movies.getNameCount(),
                list().size());
        assertEquals(pathId, list().get(list().size() - 1).get("id"));
        assertEquals("nothing is uploaded", List.of(), ok(api.call("backups_queue", Map.of())));

        assertEquals("a known folder keeps its path ID", answer, ok(api.call("backup_dir_add",
                Map.of("dirpath", movies + "/"))));
        assertEquals(movies.getNameCount(), list().size());
    }

    @Test
    public void aLinkToAFolderIsAddedAsTheFolderItPointsTo() throws Exception {
        Path real = Files.createDirectory(home.resolve("real-docs"));
        Files.write(real.resolve("a.txt"), new byte[10]);
        Path link = Files.createSymbolicLink(home.resolve("docs"), real);

        Matcher added = added((String) ok(api.call("backup_dir_add", Map.of("dirpath", link.toString()))));
        assertEquals("folder", added.group(1));
        assertEquals(real.toRealPath().toString(), added.group(3));
        assertEquals("parent", listed(real.toRealPath().toString()).get("type"));
        assertTrue("the link itself is not an item", catalog.itemByLocalPath(link.toString()).isEmpty());

        assertEquals("1 items were added to catalog, parent path ID is " + added.group(2) + ", root folder is "
                + real.toRealPath(), ok(api.call("backup_tree_add", Map.of("dirpath", link.toString()))));
        assertEquals(10L, listed(real.toRealPath().resolve("a.txt").toString()).get("size"));
    }

    @Test
    public void backupFileAddRecordsTheFileWithItsSize() throws Exception {
        Path file = Files.write(home.resolve("pytest-2.9.0.tar.gz"), new byte[1234]);
        Matcher added = added((String) ok(api.call("backup_file_add", Map.of("filepath", file.toString()))));
        assertEquals("file", added.group(1));
        assertEquals(file.toString(), added.group(3));
        Map<?, ?> listed = listed(file.toString());
        assertEquals(added.group(2), listed.get("id"));
        assertEquals("file", listed.get("type"));
        assertEquals(1234L, listed.get("size"));
        String folderId = (String) listed(home.toString()).get("id");
        assertEquals("it is under its folder's path ID", folderId + "/0", added.group(2));
        assertEquals(List.of(), ok(api.call("backups_queue", Map.of())));
    }

    @Test
    public void backupTreeAddAddsEverythingUnderTheFolderAndCountsWhatIsNew() throws Exception {
        Path reports = Files.createDirectory(home.resolve("reports"));
        Files.write(reports.resolve("a.txt"), new byte[10]);
        Path sub = Files.createDirectory(reports.resolve("sub"));
        Files.write(sub.resolve("b.txt"), new byte[20]);

        String answer = (String) ok(api.call("backup_tree_add", Map.of("dirpath", reports.toString())));
        String rootId = catalog.itemByLocalPath(reports.toString()).orElseThrow().pathId();
        assertEquals("4 items were added to catalog, parent path ID is " + rootId + ", root folder is " + reports,
                answer);
        assertEquals("parent", listed(reports.toString()).get("type"));
        assertEquals("parent", listed(sub.toString()).get("type"));
        assertEquals(10L, listed(reports.resolve("a.txt").toString()).get("size"));
        Map<?, ?> b = listed(sub.resolve("b.txt").toString());
        assertEquals(20L, b.get("size"));
        assertTrue("b.txt is under sub", ((String) b.get("id")).startsWith(listed(sub.toString()).get("id") + "/"));

        assertEquals("0 items were added to catalog, parent path ID is " + rootId + ", root folder is " + reports,
                ok(api.call("backup_tree_add", Map.of("dirpath", reports.toString()))));
        Files.write(sub.resolve("c.txt"), new byte[30]);
        assertEquals("1 items were added to catalog, parent path ID is " + rootId + ", root folder is " + reports,
                ok(api.call("backup_tree_add", Map.of("dirpath", reports.toString()))));
        assertEquals(30L, listed(sub.resolve("c.txt").toString()).get("size"));
        assertEquals(List.of(), ok(api.call("backups_queue", Map.of())));
    }

    @Test
    public void addFunctionsRefuseWrongPathsAndTypesAndAddNothing() throws Exception {
        Path file = Files.write(home.resolve("notes.txt"), new byte[3]);
        error(api.call("backup_dir_add", Map.of("dirpath", List.of(home.toString()))), ErrorCode.INVALID_ARGUMENT,
                "parameter 'dirpath' of backup_dir_add must be a string, not a list");
        error(api.call("backup_dir_add", Map.of("dirpath", 5)), ErrorCode.INVALID_ARGUMENT,
                "dirpath must be an absolute path, not '5'");
        error(api.call("backup_dir_add", Map.of("path", home.toString())), ErrorCode.INVALID_ARGUMENT,
                "unknown parameter 'path' for backup_dir_add; it takes: dirpath");
        error(api.call("backup_file_add", Map.of("filepath", home.toString())), ErrorCode.INVALID_ARGUMENT,
                "filepath " + home + " is not a regular file: it is a folder");
        error(api.call("backup_tree_add", Map.of("dirpath", file.toString())), ErrorCode.INVALID_ARGUMENT,
                "dirpath " + file + " is not a folder: it is a regular file");
        error(api.call("backup_tree_add", Map.of("dirpath", home.resolve("gone").toString())), ErrorCode.NOT_FOUND,
                "dirpath " + home.resolve("gone") + " does not exist");
        error(api.call("backup_file_add", Map.of()), ErrorCode.INVALID_ARGUMENT,
                "missing parameter 'filepath' for backup_file_add");
        assertEquals(List.of(), list());
        assertEquals(0, catalog.revision());
    }

    @Test
    public void backupsIdListListsTheCompleteVersionsWithTheirPathAndSize() throws Exception {
        Path file = Files.write(home.resolve("python27.chm"), new byte[100]);
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath", file.toString()))));
        assertEquals("uploading " + pathId + " started, local path is: " + file,
                ok(api.call("backup_start_id", Map.of("pathID", pathId))));
        BackupJob job = service.runNext();
        assertEquals("a running version is not listed", List.of(), ok(api.call("backups_id_list", Map.of())));
        assertEquals("running", ((Map<?, ?>) versions(file).get(0)).get("state"));

        service.finishRunning(3, 11 * 1024 * 1024, 12, 11 * 1024 * 1024);
        List<?> ids = (List<?>) ok(api.call("backups_id_list", Map.of()));
        assertEquals(1, ids.size());
        Map<?, ?> complete = (Map<?, ?>) ids.get(0);
        assertEquals(job.backupId(), complete.get("backupid"));
        assertTrue(job.backupId(), job.backupId().startsWith(pathId + "/F"));
        assertEquals(file.toString(), complete.get("path"));
        assertEquals("11 MB", complete.get("size"));
        assertEquals(11L * 1024 * 1024, complete.get("bytes"));
        assertEquals(catalog.version(job.backupId()).orElseThrow().created(),
                Instant.parse((String) complete.get("created")));

        Map<?, ?> version = (Map<?, ?>) versions(file).get(0);
        assertEquals(job.backupId(), version.get("backup_id"));
        assertEquals(job.backupId().substring(pathId.length() + 1), version.get("version"));
        assertEquals("complete", version.get("state"));
        assertEquals(3, version.get("blocks"));
        assertEquals("11 MB", version.get("size"));
        assertEquals("ecc/4x4", version.get("eccmap"));
        assertEquals(0, version.get("fragments"));
        assertEquals(0, version.get("delivered"));

        // a position given up during the backup: the version is complete, and shows what its suppliers hold
        catalog.deliveries.put(job.backupId(), new VersionDelivery(24, 18));
        version = (Map<?, ?>) versions(file).get(0);
        assertEquals("complete", version.get("state"));
        assertEquals(24, version.get("fragments"));
        assertEquals(18, version.get("delivered"));
    }

    @Test
    public void backupsQueueListsTheWaitingJobsWithTheSeedsFieldsOldestFirst() throws Exception {
        Path zip = Files.write(home.resolve("some-ZIP-file.zip"), new byte[64]);
        Path other = Files.write(home.resolve("other.bin"), new byte[32]);
        String zipId = pathId(ok(api.call("backup_file_add", Map.of("filepath", zip.toString()))));
        String otherId = pathId(ok(api.call("backup_file_add", Map.of("filepath", other.toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", zipId)));
        ok(api.call("backup_start_id", Map.of("pathID", " " + otherId + " ")));

        List<?> queue = (List<?>) ok(api.call("backups_queue", Map.of()));
        assertEquals(2, queue.size());
        Map<?, ?> first = (Map<?, ?>) queue.get(0);
        assertEquals(Set.of("created", "id", "local_path", "path_id"), first.keySet());
        assertEquals(zipId, first.get("path_id"));
        assertEquals(zip.toString(), first.get("local_path"));
        BackupJob queued = service.queue().get(0);
        assertEquals(queued.id(), first.get("id"));
        assertEquals(queued.created(), Instant.parse((String) first.get("created")));
        Map<?, ?> second = (Map<?, ?>) queue.get(1);
        assertEquals(otherId, second.get("path_id"));
        assertEquals(other.toString(), second.get("local_path"));
        assertNotEquals(first.get("id"), second.get("id"));

        service.runNext();
        List<?> left = (List<?>) ok(api.call("backups_queue", Map.of()));
        assertEquals("a job that started leaves the queue", List.of(otherId), pathIds(left));
    }

    @Test
    public void backupCancelPendingTakesTheJobOutOfTheQueueAndSaysSo() throws Exception {
        String a = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("a.bin"), new byte[1]).toString()))));
        String b = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("b.bin"), new byte[1]).toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", a)));
        ok(api.call("backup_start_id", Map.of("pathID", b)));

        assertEquals("backup of " + a + " was cancelled", ok(api.call("backup_cancel_pending",
                Map.of("path_id", a))));
        assertEquals(List.of(b), pathIds((List<?>) ok(api.call("backups_queue", Map.of()))));
        List<?> ended = (List<?>) ok(api.call("backups_running", Map.of("finished", true)));
        assertEquals(1, ended.size());
        assertEquals(a, ((Map<?, ?>) ended.get(0)).get("path_id"));
        assertEquals("cancelled", ((Map<?, ?>) ended.get(0)).get("state"));
        assertEquals(true, ((Map<?, ?>) ended.get(0)).get("closed"));

        error(api.call("backup_cancel_pending", Map.of("path_id", a)), ErrorCode.NOT_FOUND,
                "no backup of " + a + " waits in the queue");
        assertEquals(List.of(b), pathIds((List<?>) ok(api.call("backups_queue", Map.of()))));
    }

    @Test
    public void backupCancelPendingRefusesWhatIsNotAPathIdAndCancelsNothing() throws Exception {
        String a = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("a.bin"), new byte[1]).toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", a)));
        error(api.call("backup_cancel_pending", Map.of("path_id", a + "/../0")), ErrorCode.INVALID_ARGUMENT,
                "'" + a + "/../0' is not a path ID (e.g. 0/1/5)");
        error(api.call("backup_cancel_pending", Map.of("path_id", Map.of("id", a))), ErrorCode.INVALID_ARGUMENT,
                "parameter 'path_id' of backup_cancel_pending must be a string, not an object");
        error(api.call("backup_cancel_pending", Map.of("pathID", a)), ErrorCode.INVALID_ARGUMENT,
                "unknown parameter 'pathID' for backup_cancel_pending; it takes: path_id");
        assertEquals(List.of(a), pathIds((List<?>) ok(api.call("backups_queue", Map.of()))));
        assertEquals(List.of(), service.finished());
    }

    @Test
    public void backupAbortRunningMarksTheRunningJobAbortingAndSaysSo() throws Exception {
        String a = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("a.bin"), new byte[500]).toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", a)));
        BackupJob job = service.runNext();
        Map<?, ?> before = (Map<?, ?>) ((List<?>) ok(api.call("backups_running", Map.of()))).get(0);
        assertEquals(false, before.get("aborting"));

        assertEquals("backup " + job.backupId() + " is being aborted", ok(api.call("backup_abort_running",
                Map.of("backup_id", job.backupId()))));
        List<?> running = (List<?>) ok(api.call("backups_running", Map.of()));
        assertEquals(1, running.size());
        Map<?, ?> aborting = (Map<?, ?>) running.get(0);
        assertEquals(job.backupId(), aborting.get("backup_id"));
        assertEquals(true, aborting.get("aborting"));
        assertEquals(true, aborting.get("terminating"));
        assertEquals(a, aborting.get("path_id"));
        assertEquals(500L, aborting.get("total_size"));
        assertTrue(service.running().get(0).aborting());
    }

    @Test
    public void backupAbortRunningOfABackupThatDoesNotRunIsNotFoundAndAbortsNothing() throws Exception {
        String a = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("a.bin"), new byte[1]).toString()))));
        String b = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("b.bin"), new byte[1]).toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", a)));
        ok(api.call("backup_start_id", Map.of("pathID", b)));
        BackupJob job = service.runNext();

        error(api.call("backup_abort_running", Map.of("backup_id", b + "/F20160424013912PM")), ErrorCode.NOT_FOUND,
                "no backup " + b + "/F20160424013912PM is running");
        error(api.call("backup_abort_running", Map.of("backup_id", a)), ErrorCode.NOT_FOUND,
                "no backup " + a + " is running");
        error(api.call("backup_abort_running", Map.of("backup_id", List.of(job.backupId()))),
                ErrorCode.INVALID_ARGUMENT,
                "parameter 'backup_id' of backup_abort_running must be a string, not a list");
        error(api.call("backup_abort_running", Map.of()), ErrorCode.INVALID_ARGUMENT,
                "missing parameter 'backup_id' for backup_abort_running");
        assertFalse(service.running().get(0).aborting());
        assertEquals(false, ((Map<?, ?>) ((List<?>) ok(api.call("backups_running", Map.of()))).get(0))
                .get("aborting"));
        assertEquals(List.of(b), pathIds((List<?>) ok(api.call("backups_queue", Map.of()))));
    }

    @Test
    public void backupDeleteIdOfAVersionDeletesOnlyThatVersion() throws Exception {
        Path file = Files.write(home.resolve("doc.txt"), new byte[100]);
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath", file.toString()))));
        String older = backUp(pathId, 2048);
        String newer = backUp(pathId, 4096);
        assertNotEquals(older, newer);

        assertEquals("version " + older + " was deleted from remote peers", ok(api.call("backup_delete_id",
                Map.of("pathID_or_backupID", older))));
        List<?> ids = (List<?>) ok(api.call("backups_id_list", Map.of()));
        assertEquals(1, ids.size());
        assertEquals(newer, ((Map<?, ?>) ids.get(0)).get("backupid"));
        assertEquals("the item stays", pathId, listed(file.toString()).get("id"));
        assertEquals(1, versions(file).size());
        assertTrue(catalog.version(older).isEmpty());
    }

    @Test
    public void backupDeleteIdOfAnItemDeletesItWithEverythingUnderIt() throws Exception {
        Path docs = Files.createDirectory(home.resolve("docs"));
        Path file = Files.write(docs.resolve("a.txt"), new byte[10]);
        ok(api.call("backup_tree_add", Map.of("dirpath", docs.toString())));
        String docsId = (String) listed(docs.toString()).get("id");
        String fileId = (String) listed(file.toString()).get("id");
        backUp(fileId, 10);
        int before = list().size();

        assertEquals("item " + docsId + " was deleted from remote peers", ok(api.call("backup_delete_id",
                Map.of("pathID_or_backupID", " " + docsId + " "))));
        List<Object> paths = list().stream().map(item -> item.get("path")).collect(Collectors.toList());
        assertFalse(paths.contains(docs.toString()));
        assertFalse(paths.contains(file.toString()));
        assertEquals(before - 2, paths.size());
        assertTrue("the folder above stays", paths.contains(home.toString()));
        assertEquals(List.of(), ok(api.call("backups_id_list", Map.of())));
    }

    @Test
    public void aDeletionNamesTheSuppliersThatDidNotConfirmIt() throws Exception {
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("a.bin"), new byte[1]).toString()))));
        service.unconfirmed = List.of("http://127.0.0.1:8084/carol.json: offline",
                "http://127.0.0.1:8084/dave.json: timed out");
        assertEquals("item " + pathId + " was deleted from remote peers (2 suppliers have not confirmed yet: "
                + "http://127.0.0.1:8084/carol.json: offline; http://127.0.0.1:8084/dave.json: timed out)",
                ok(api.call("backup_delete_id", Map.of("pathID_or_backupID", pathId))));
    }

    @Test
    public void backupDeleteIdOfAnUnknownOrRunningItemIsRefusedAndDeletesNothing() throws Exception {
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("a.bin"), new byte[1]).toString()))));
        String done = backUp(pathId, 1);
        long revision = catalog.revision();

        error(api.call("backup_delete_id", Map.of("pathID_or_backupID", pathId + "/F20160313043419PM")),
                ErrorCode.NOT_FOUND, "no item or version " + pathId + "/F20160313043419PM in the catalog");
        error(api.call("backup_delete_id", Map.of("pathID_or_backupID", "9/9")), ErrorCode.NOT_FOUND,
                "no item or version 9/9 in the catalog");
        error(api.call("backup_delete_id", Map.of("pathID_or_backupID", Map.of("id", pathId))),
                ErrorCode.INVALID_ARGUMENT, "parameter 'pathID_or_backupID' of backup_delete_id must be a string, "
                        + "not an object");
        ok(api.call("backup_start_id", Map.of("pathID", pathId)));
        String running = service.runNext().backupId();
        error(api.call("backup_delete_id", Map.of("pathID_or_backupID", pathId)), ErrorCode.CONFLICT,
                "abort it first (backup_abort_running " + running + ")");
        assertEquals(revision + 1, catalog.revision());
        assertEquals(List.of(done, running), catalog.versions(pathId).stream().map(v -> v.backupId())
                .collect(Collectors.toList()));
    }

    @Test
    public void backupDeletePathDeletesTheItemOfThatLocalPathEvenOnceTheFileIsGone() throws Exception {
        Path file = Files.write(home.resolve("old.txt"), new byte[7]);
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath", file.toString()))));
        backUp(pathId, 7);
        Files.delete(file);

        assertEquals("item " + pathId + " was deleted from remote peers", ok(api.call("backup_delete_path",
                Map.of("localPath", file.toString()))));
        assertTrue(catalog.itemByLocalPath(file.toString()).isEmpty());
        assertFalse(list().stream().anyMatch(item -> file.toString().equals(item.get("path"))));
        assertEquals(List.of(), ok(api.call("backups_id_list", Map.of())));
    }

    @Test
    public void backupDeletePathOfAPathNotInTheCatalogIsNotFoundAndDeletesNothing() throws Exception {
        Path file = Files.write(home.resolve("kept.txt"), new byte[7]);
        ok(api.call("backup_file_add", Map.of("filepath", file.toString())));
        List<Map<?, ?>> before = list();
        long revision = catalog.revision();
        Path other = home.resolve("never-added.txt");

        error(api.call("backup_delete_path", Map.of("localPath", other.toString())), ErrorCode.NOT_FOUND,
                "the catalog has no item for " + other);
        error(api.call("backup_delete_path", Map.of("localPath", "kept.txt")), ErrorCode.INVALID_ARGUMENT,
                "localPath must be an absolute path, not 'kept.txt'");
        error(api.call("backup_delete_path", Map.of("localPath", List.of(file.toString()))),
                ErrorCode.INVALID_ARGUMENT, "parameter 'localPath' of backup_delete_path must be a string, not a list");
        assertEquals(before, list());
        assertEquals(revision, catalog.revision());
    }

    @Test
    public void backupDeleteLocalRemovesOnlyTheLocalCopiesAndKeepsTheVersion() throws Exception {
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("big.iso"), new byte[1]).toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", pathId)));
        String backupId = service.runNext().backupId();
        service.finishRunning(2, 16 * 1024 * 1024, 8, 16 * 1024 * 1024);

        assertEquals("8 files were removed with total size of 16 MB", ok(api.call("backup_delete_local",
                Map.of("backupID", backupId))));
        assertEquals(0, service.localCopies(backupId)[0]);
        List<?> ids = (List<?>) ok(api.call("backups_id_list", Map.of()));
        assertEquals("the suppliers keep theirs: the version stays", backupId, ((Map<?, ?>) ids.get(0))
                .get("backupid"));
        assertEquals("0 files were removed with total size of 0 bytes", ok(api.call("backup_delete_local",
                Map.of("backupID", " " + backupId + " "))));
    }

    @Test
    public void backupDeleteLocalOfAnUnknownVersionIsNotFoundAndRemovesNothing() throws Exception {
        String pathId = pathId(ok(api.call("backup_file_add", Map.of("filepath",
                Files.write(home.resolve("big.iso"), new byte[1]).toString()))));
        ok(api.call("backup_start_id", Map.of("pathID", pathId)));
        String backupId = service.runNext().backupId();
        service.finishRunning(1, 4096, 3, 5000);

        error(api.call("backup_delete_local", Map.of("backupID", pathId + "/F20160313043419PM")), ErrorCode.NOT_FOUND,
                "no version " + pathId + "/F20160313043419PM in the catalog");
        error(api.call("backup_delete_local", Map.of("backupId", backupId)), ErrorCode.INVALID_ARGUMENT,
                "unknown parameter 'backupId' for backup_delete_local; it takes: backupID");
        error(api.call("backup_delete_local", Map.of("backupID", List.of())), ErrorCode.INVALID_ARGUMENT,
                "parameter 'backupID' of backup_delete_local must be a string, not a list");
        assertEquals(3, service.localCopies(backupId)[0]);
        assertEquals(5000, service.localCopies(backupId)[1]);
    }

    /** Backs an item up to the end: its new complete version of {@code bytes}. */
    private String backUp(String pathId, long bytes) {
        ok(api.call("backup_start_id", Map.of("pathID", pathId)));
        String backupId = service.runNext().backupId();
        service.finishRunning(1, bytes, 1, bytes);
        return backupId;
    }

    private static Matcher added(String answer) {
        Matcher m = ADDED.matcher(answer);
        assertTrue(answer, m.matches());
        return m;
    }

    private static String pathId(Object answer) {
        return added((String) answer).group(2);
    }

    private List<Map<?, ?>> list() {
        List<Map<?, ?>> items = new ArrayList<>();
        for (Object item : (List<?>) ok(api.call("backups_list", Map.of()))) {
            items.add((Map<?, ?>) item);
        }
        List<String> ids = items.stream().map(item -> (String) item.get("id")).collect(Collectors.toList());
        assertEquals("backups_list shows the catalog's items", catalog.tree().stream().map(CatalogItem::pathId)
                .collect(Collectors.toList()), ids);
        return items;
    }

    private Map<?, ?> listed(String path) {
        List<Map<?, ?>> found = list().stream().filter(item -> path.equals(item.get("path")))
                .collect(Collectors.toList());
        assertEquals(path + " is listed once", 1, found.size());
        return found.get(0);
    }

    private List<?> versions(Path path) {
        return (List<?>) listed(path.toString()).get("versions");
    }

    private static List<Object> pathIds(List<?> jobs) {
        return jobs.stream().map(job -> ((Map<?, ?>) job).get("path_id")).collect(Collectors.toList());
    }
}
