package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

public class RecordIdsTest {

    @Test
    public void idsAreBase32OfTheUsualLengthAndSortAsTheirTimes() {
        long[] times = {0, 1, 31, 32, 1_700_000_000_000L, 1_700_000_000_001L, 1_700_000_001_000L, 4_102_444_800_000L};
        String previous = null;
        for (long time : times) {
            String id = RecordIds.next(time);
            assertTrue(id, id.matches("[a-z2-7]{26}"));
            if (previous != null) {
                assertTrue(previous + " < " + id, previous.compareTo(id) < 0);
            }
            previous = id;
        }
    }

    @Test
    public void idsOfTheSameMillisecondDifferInTheirRandomPart() {
        Set<String> ids = new HashSet<>();
        Set<String> times = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RecordIds.next(1_700_000_000_000L);
            ids.add(id);
            times.add(id.substring(0, 10));
        }
        assertEquals(10_000, ids.size());
        assertEquals(1, times.size());
        Set<Character> used = new HashSet<>();
        ids.forEach(id -> id.substring(10).chars().forEach(c -> used.add((char) c)));
        assertEquals("all 32 digits occur in the random part", 32, used.size());
    }
}
