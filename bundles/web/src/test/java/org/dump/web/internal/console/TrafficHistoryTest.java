package org.dump.web.internal.console;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import org.dump.web.internal.console.TrafficHistory.Totals;
import org.junit.Test;

public class TrafficHistoryTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    public void eachSampleHoldsWhatWasExchangedSinceThePreviousOne() {
        TrafficHistory history = new TrafficHistory(10, 10);
        history.sample(at(0), List.of(new Totals("y", "Y", 100, 40)));
        history.sample(at(10), List.of(new Totals("y", "Y", 130, 40)));
        history.sample(at(20), List.of(new Totals("y", "Y", 130, 45)));
        TrafficHistory.Chart chart = history.chart();
        assertEquals(List.of(at(0).toString(), at(10).toString(), at(20).toString()), chart.times());
        assertEquals(1, chart.series().size());
        // What Y had exchanged before the first sample is not shown as if it had all happened then.
        assertArrayEquals(new long[] {0, 30, 0}, chart.series().get(0).in());
        assertArrayEquals(new long[] {0, 0, 5}, chart.series().get(0).out());
        assertEquals("Y", chart.series().get(0).name());
        assertEquals(10, chart.intervalSeconds());
    }

    @Test
    public void theOldestSamplesFallOutOfTheRing() {
        TrafficHistory history = new TrafficHistory(3, 10);
        for (int i = 0; i < 6; i++) {
            history.sample(at(10 * i), List.of(new Totals("y", "Y", i * i, 0)));
        }
        TrafficHistory.Chart chart = history.chart();
        assertEquals(List.of(at(30).toString(), at(40).toString(), at(50).toString()), chart.times());
        assertArrayEquals(new long[] {5, 7, 9}, chart.series().get(0).in());
    }

    @Test
    public void aPeerThatJoinsLaterIsZeroBeforeAndAPeerWhoseTotalsFellStartsAfresh() {
        TrafficHistory history = new TrafficHistory(10, 10);
        history.sample(at(0), List.of(new Totals("y", "Y", 10, 10)));
        history.sample(at(10), List.of(new Totals("y", "Y", 12, 10), new Totals("z", "Z", 500, 500)));
        history.sample(at(20), List.of(new Totals("y", "Y", 3, 1), new Totals("z", "Z", 501, 503)));
        history.sample(at(30), List.of(new Totals("y", "Y", 4, 1), new Totals("z", "Z", 501, 503)));
        TrafficHistory.Chart chart = history.chart();
        TrafficHistory.Series y = chart.series().get(0);
        TrafficHistory.Series z = chart.series().get(1);
        assertEquals("y", y.nodeId());
        assertArrayEquals(new long[] {0, 2, 0, 1}, y.in());
        assertArrayEquals(new long[] {0, 0, 0, 0}, y.out());
        assertEquals("z", z.nodeId());
        assertArrayEquals(new long[] {0, 0, 1, 0}, z.in());
        assertArrayEquals(new long[] {0, 0, 3, 0}, z.out());
    }

    @Test
    public void aRemovedPeerLeavesTheChartWhenItsLastSampleDoes() {
        TrafficHistory history = new TrafficHistory(2, 10);
        history.sample(at(0), List.of(new Totals("y", "Y", 1, 1)));
        history.sample(at(10), List.of());
        assertEquals(1, history.chart().series().size());
        history.sample(at(20), List.of());
        assertEquals(0, history.chart().series().size());
        assertEquals(2, history.chart().times().size());
    }
}
