package io.bitdust.api.internal;

import static io.bitdust.api.internal.ApiResults.error;
import static io.bitdust.api.internal.ApiResults.ok;
import static org.junit.Assert.assertEquals;

import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.NewItem;
import io.bitdust.common.ErrorCode;
import io.bitdust.restore.RestoreState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code restore_abort} with a running catalog and restore service: what it stops and what it answers. */
public class RestoresFunctionsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeCatalog catalog = new FakeCatalog();
    private final FakeRestoreService service = new FakeRestoreService(catalog);
    private Api api;
    private Path target;
    private String report;
    private String photo;

    @Before
    public void setUp() throws Exception {
        RestoresFunctions restores = new RestoresFunctions();
        restores.catalog.bind("catalog", catalog);
        restores.restores.bind("restores", service);
        api = new Api(new AreaService<>(ProcessFunctions.AREA), tmp.getRoot().toPath(), Map.of(), "test")
                .add(restores);
        target = tmp.newFolder("restored").toPath();
        report = completeVersion("/home/me/report.pdf", 3, 9 * 1024 * 1024);
        photo = completeVersion("/home/me/photo.jpg", 1, 2048);
    }

    /** A file of the catalog with one complete version: its backup ID. */
    private String completeVersion(String localPath, int blocks, long bytes) {
        CatalogItem item = catalog.add(List.of(NewItem.file(localPath, bytes))).get(0);
        String backupId = catalog.startVersion(item.pathId(), "ecc/4x4").backupId();
        catalog.completeVersion(backupId, blocks, bytes, "manifest");
        return backupId;
    }

    private void restore(String backupId) {
        assertEquals("downloading of version " + backupId + " has been started to " + target,
                ok(api.call("restore_single", Map.of("pathID_or_backupID_or_localPath", backupId,
                        "destinationPath", target.toString()))));
    }

    @Test
    public void restoreAbortSaysWhatBecameOfARestoreThatFinishedOrDidNotStopYet() {
        restore(report);
        restore(photo);
        service.nextAbortEndsIn(RestoreState.DONE);

        assertEquals("restore of " + report + " had finished already: nothing was aborted", ok(api.call(
                "restore_abort", Map.of("backup_id", report))));
        assertEquals(RestoreState.DONE, service.job(report).orElseThrow().state());

        service.nextAbortEndsIn(RestoreState.RUNNING);
        assertEquals("restore of " + photo + " is being aborted; it is still running (see restores_running)",
                ok(api.call("restore_abort", Map.of("backup_id", photo))));
        assertEquals(List.of(photo), backupIds(ok(api.call("restores_running", Map.of()))));
    }

    @Test
    public void restoreAbortStopsTheRestoreAndSaysSo() {
        restore(report);
        restore(photo);
        service.progress(report, 1, 3 * 1024 * 1024);

        assertEquals("restore of " + report + " was aborted", ok(api.call("restore_abort",
                Map.of("backup_id", report))));
        assertEquals("the other restore runs on", List.of(photo), backupIds(ok(api.call("restores_running",
                Map.of()))));
        assertEquals(RestoreState.ABORTED, service.job(report).orElseThrow().state());

        List<?> all = (List<?>) ok(api.call("restores_running", Map.of("finished", true)));
        assertEquals(List.of(photo, report), backupIds(all));
        Map<?, ?> aborted = (Map<?, ?>) all.get(1);
        assertEquals(true, aborted.get("aborted"));
        assertEquals(false, aborted.get("done"));
        assertEquals("aborted", aborted.get("state"));
        assertEquals(1L, aborted.get("block_number"));
        assertEquals(3L * 1024 * 1024, aborted.get("bytes_processed"));
        assertEquals(catalog.version(report).orElseThrow().pathId(), aborted.get("path_id"));
        assertEquals(report.substring(report.lastIndexOf('/') + 1), aborted.get("version"));
        assertEquals(FakeRestoreService.OWNER, aborted.get("creator_id"));
        assertEquals(target.toString(), aborted.get("destination"));
        assertEquals(false, ((Map<?, ?>) all.get(0)).get("aborted"));
        assertEquals("running", ((Map<?, ?>) all.get(0)).get("state"));

        restore(report);
        assertEquals("an aborted restore may be started again", List.of(photo, report),
                backupIds(ok(api.call("restores_running", Map.of()))));
    }

    @Test
    public void restoreAbortTrimsTheBackupIdAsGiven() {
        restore(photo);
        assertEquals("restore of " + photo + " was aborted", ok(api.call("restore_abort",
                Map.of("backup_id", "  " + photo + "\t"))));
        assertEquals(List.of(), ok(api.call("restores_running", Map.of())));
    }

    @Test
    public void restoreAbortOfABackupThatIsNotRestoringIsNotFoundAndStopsNothing() {
        restore(report);
        error(api.call("restore_abort", Map.of("backup_id", photo)), ErrorCode.NOT_FOUND,
                "no restore of backup " + photo + " is queued or running");
        error(api.call("restore_abort", Map.of("backup_id", "7/7/F20160313043419PM")), ErrorCode.NOT_FOUND,
                "no restore of backup 7/7/F20160313043419PM is queued or running");
        assertEquals(List.of(report), backupIds(ok(api.call("restores_running", Map.of()))));
        assertEquals(RestoreState.RUNNING, service.job(report).orElseThrow().state());
        assertEquals(List.of(), service.finished());
    }

    @Test
    public void restoreAbortTakesTheSeedsParameterAsTextOnly() {
        restore(report);
        error(api.call("restore_abort", Map.of()), ErrorCode.INVALID_ARGUMENT,
                "missing parameter 'backup_id' for restore_abort; it takes: backup_id");
        error(api.call("restore_abort", Map.of("backupID", report)), ErrorCode.INVALID_ARGUMENT,
                "unknown parameter 'backupID' for restore_abort; it takes: backup_id");
        error(api.call("restore_abort", Map.of("backup_id", List.of(report))), ErrorCode.INVALID_ARGUMENT,
                "parameter 'backup_id' of restore_abort must be a string, not a list");
        error(api.call("restore_abort", Map.of("backup_id", Map.of("id", report))), ErrorCode.INVALID_ARGUMENT,
                "parameter 'backup_id' of restore_abort must be a string, not an object");
        assertEquals(List.of(report), backupIds(ok(api.call("restores_running", Map.of()))));
        assertEquals(RestoreState.RUNNING, service.job(report).orElseThrow().state());
    }

    private static List<Object> backupIds(Object jobs) {
        return ((List<?>) jobs).stream().map(job -> ((Map<?, ?>) job).get("backup_id")).collect(Collectors.toList());
    }
}
