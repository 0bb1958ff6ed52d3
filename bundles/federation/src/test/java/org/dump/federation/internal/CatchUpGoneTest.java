package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.dump.federation.Peer;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory.GoneVerdict;
import org.dump.node.record.RecordInventory.Range;
import org.junit.Test;
import org.osgi.framework.Version;

/**
 * What a catch-up counts of a peer's gone (issue 22, item 1): the numbers noted and the numbers ignored, without
 * overflowing when a peer names ranges up to {@link Long#MAX_VALUE}; and a page whose gone was all ignored
 * brings nothing, so the catch-up stops there.
 */
public class CatchUpGoneTest {

    private static final long MAX = Long.MAX_VALUE;
    private static final String X = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    private static final String Y = "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy";
    private static final Peer LIAR = new Peer(URI.create("http://127.0.0.1:1/"), "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm",
            "key", "M", List.of(), Instant.now(), null, null, 0, 0, 0, null);
    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final RecordReception.Outcome NOTHING = new RecordReception.Outcome(0, 0, 0, List.of(), List.of());

    @Test
    public void countsOfHugeRangesSaturateInsteadOfOverflowing() {
        assertEquals(MAX, CatchUpTally.count(Map.of(X, List.of(new Range(1, MAX)))));
        assertEquals(MAX, CatchUpTally.count(Map.of(X, List.of(new Range(1, MAX)), Y, List.of(new Range(1, MAX)))));
        assertEquals(MAX - 1, CatchUpTally.count(Map.of(X, List.of(new Range(1, 5), new Range(7, MAX)))));
        assertEquals(7, CatchUpTally.count(Map.of(X, List.of(new Range(1, 5)), Y, List.of(new Range(3, 4)))));
    }

    @Test
    public void pagesOfIgnoredGoneAddUpWithoutOverflowAndBringNothing() {
        CatchUpTally tally = new CatchUpTally(0);
        GoneVerdict lie = new GoneVerdict(Map.of(), Map.of(X, List.of(new Range(1, MAX))), true);

        assertTrue("nothing taken: the catch-up stops", tally.add(LIAR, MARKET, new CatchUpTally.StoredPage(NOTHING, lie)));
        tally.add(LIAR, MARKET, new CatchUpTally.StoredPage(NOTHING, lie));

        assertEquals(0, tally.gone);
        assertEquals(MAX, tally.goneIgnored);
    }

    @Test
    public void acceptedGoneCountsAsProgress() {
        CatchUpTally tally = new CatchUpTally(0);
        GoneVerdict gone = new GoneVerdict(Map.of(X, List.of(new Range(3, 4))), Map.of(), false);

        assertFalse(tally.add(LIAR, MARKET, new CatchUpTally.StoredPage(NOTHING, gone)));
        assertEquals(2, tally.gone);
    }
}
