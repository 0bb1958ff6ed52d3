package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** A long catch-up says how far it has come every ten seconds; a short one says nothing before its end. */
public class CatchUpProgressTest {

    private static final long START = 5_000_000_000L;

    private static long at(int seconds) {
        return START + TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    public void aShortCatchUpHasNoProgressLine() {
        CatchUpTally tally = new CatchUpTally(START);
        tally.pages = 4;
        tally.stored = 8_000;
        assertNull(tally.progress(at(0)));
        assertNull(tally.progress(at(9)));
    }

    @Test
    public void aLongCatchUpSaysHowFarItHasComeEveryTenSeconds() {
        CatchUpTally tally = new CatchUpTally(START);
        tally.pages = 31;
        tally.stored = 50_000;
        tally.known = 10_000;
        tally.refused = 2;
        assertEquals("31 page(s) in, so far 50000 new, 10000 known, 2 refused | 10000 ms, 6000 records/s",
                tally.progress(at(10)));
        assertNull(tally.progress(at(11)));
        assertNull(tally.progress(at(19)));
        assertNotNull(tally.progress(at(20)));
        assertNull(tally.progress(at(21)));
    }

    @Test
    public void aLateLineIsNotFollowedByAQuickOne() {
        CatchUpTally tally = new CatchUpTally(START);
        // A page that took 25 s to store: one line when it is in, the next ten seconds after that line (at 35 s), not
        // at the next multiple of ten seconds from the start (30 s).
        assertNotNull(tally.progress(at(25)));
        assertNull(tally.progress(at(30)));
        assertNotNull(tally.progress(at(35)));
    }
}
