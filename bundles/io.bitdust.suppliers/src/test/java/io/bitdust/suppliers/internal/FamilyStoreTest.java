package io.bitdust.suppliers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.bitdust.common.IdUrl;
import io.bitdust.derby.Database;
import io.bitdust.suppliers.internal.FamilyStore.Row;
import java.time.Instant;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The rows held in memory are the rows Derby holds: what a store opened afresh on the same database reads. */
public class FamilyStoreTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void theRowsInMemoryAreWhatDerbyKeepsAndWhatAFreshStoreReads() throws Exception {
        try (Database database = Database.embedded(temp.getRoot().toPath(), FamilyStore.SCHEMA)) {
            FamilyStore store = new FamilyStore(database);
            Instant now = Instant.parse("2026-12-03T10:15:30.123456789Z");
            Row active = new Row(1, IdUrl.parse("http://127.0.0.1:8084/bob.json"), "key", FamilyStore.ACTIVE,
                    "ecc/2x2", 100, 90, 10, now, now, null, "x".repeat(600));
            store.put(active);
            store.put(Row.empty(0, "no supplier hired yet"));
            store.put(Row.empty(2, "gone"));
            store.delete(2);

            Row kept = store.get(1).orElseThrow();
            assertEquals("the reason as Derby keeps it", 512, kept.reason().length());
            assertEquals("times in milliseconds", Instant.parse("2026-12-03T10:15:30.123Z"), kept.hired());
            assertFalse(store.get(2).isPresent());
            List<Row> all = store.all();
            assertEquals(List.of(0, 1), all.stream().map(Row::position).toList());
            assertEquals(all, new FamilyStore(database).all());
        }
    }

    @Test
    public void aFiredSupplierIsNotedOnceWithTheDateItWasFirstFired() throws Exception {
        try (Database database = Database.embedded(temp.getRoot().toPath(), FamilyStore.SCHEMA)) {
            FamilyStore store = new FamilyStore(database);
            IdUrl bob = IdUrl.parse("http://127.0.0.1:8084/bob.json");
            IdUrl carol = IdUrl.parse("http://127.0.0.1:8084/carol.json");
            Instant first = Instant.parse("2026-12-03T10:00:00Z");
            store.uncancelled(bob, first, "offline for 31 minutes");
            store.uncancelled(carol, first.plusSeconds(60), "replaced by hand");
            store.uncancelled(bob, first.plusSeconds(120), "fired again");
            assertEquals(List.of(new FamilyStore.Uncancelled(bob, first, "offline for 31 minutes"),
                    new FamilyStore.Uncancelled(carol, first.plusSeconds(60), "replaced by hand")),
                    store.uncancelled());
            store.cancelled(bob);
            assertEquals(List.of(carol), store.uncancelled().stream().map(FamilyStore.Uncancelled::idurl).toList());
            store.forgetUncancelled();
            assertEquals(List.of(), store.uncancelled());
        }
    }
}
