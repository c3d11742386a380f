package io.bitdust.common;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class TallyTest {
    @Test
    public void countsEachNameAndShowsThemByName() {
        Tally tally = new Tally();
        assertEquals(Map.of(), tally.snapshot());

        tally.add("quota");
        tally.add("busy");
        tally.add("quota");

        assertEquals(Map.of("busy", 1L, "quota", 2L), tally.snapshot());
        assertEquals(List.of("busy", "quota"), List.copyOf(tally.snapshot().keySet()));
    }
}
