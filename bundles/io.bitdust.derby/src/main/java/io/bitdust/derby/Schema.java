package io.bitdust.derby;

import java.util.List;
import java.util.Objects;

/**
 * An area's database schema as the list of its upgrade steps: step 1 creates version 1 from an empty database, step
 * {@code k} upgrades version {@code k-1} to {@code k}. Steps are only ever appended: a released step never changes,
 * so a database of any earlier version reaches the newest one by running the steps it has not run yet, each in one
 * transaction with the version it reaches.
 *
 * @param area  the area's name, also its database folder's name: 1 to 32 of a-z, 0-9 and -
 * @param steps the steps, each a list of SQL statements (portable SQL, no Derby-only features where avoidable)
 */
public record Schema(String area, List<List<String>> steps) {
    /**
     * @throws IllegalArgumentException for a bad area name or no steps
     */
    public Schema {
        Objects.requireNonNull(area, "area");
        if (!area.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("an area's database name is 1 to 32 of a-z, 0-9 and -, got " + area);
        }
        steps = steps.stream().map(List::copyOf).toList();
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a schema has at least one step");
        }
    }

    /** @return the version the newest step reaches */
    public int version() {
        return steps.size();
    }
}
