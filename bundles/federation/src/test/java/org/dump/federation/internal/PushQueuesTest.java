package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dump.crypto.Identifiers;
import org.dump.federation.PushBacklog;
import org.dump.node.record.SignedRecord;
import org.junit.Test;

/** What waits for peers stays within its limits in records and in bytes, per peer and in all. */
public class PushQueuesTest {

    /** Each record here is counted for 1 KiB. */
    private static final int SIZE = 1024;

    private final PushQueues queues = new PushQueues(new PushQueues.Limits(1000, 10 * SIZE, 25 * SIZE));

    @Test
    public void recordsAreTakenOldestFirstAndCountedInBytes() {
        List<SignedRecord> written = records(5);
        written.forEach(record -> assertTrue(queues.offer("a", record).isEmpty()));
        assertEquals(new PushBacklog.Waiting(5, 5 * SIZE), queues.waiting("a"));
        assertEquals(written.subList(0, 3), queues.take("a", 3));
        assertEquals(new PushBacklog.Waiting(2, 2 * SIZE), queues.waiting("a"));
        assertEquals(2 * SIZE, queues.bytesInAll());
    }

    @Test
    public void aQueueThatWouldGoOverItsBytesIsDroppedWholeAndSaysSo() {
        records(10).forEach(record -> queues.offer("a", record));
        List<PushQueues.Dropped> dropped = queues.offer("a", records(1).get(0));
        assertEquals(1, dropped.size());
        assertEquals(11, dropped.get(0).records());
        assertEquals(11 * SIZE, dropped.get(0).bytes());
        assertEquals(new PushBacklog.Waiting(0, 0), queues.waiting("a"));
        assertEquals(0, queues.bytesInAll());
        assertTrue(queues.offer("a", records(1).get(0)).isEmpty());
    }

    @Test
    public void aQueueThatWouldGoOverItsRecordsIsDropped() {
        PushQueues few = new PushQueues(new PushQueues.Limits(3, 100 * SIZE, 100 * SIZE));
        records(3).forEach(record -> assertTrue(few.offer("a", record).isEmpty()));
        assertEquals(4, few.offer("a", records(1).get(0)).get(0).records());
    }

    @Test
    public void overTheLimitInAllTheLargestQueueIsDropped() {
        records(9).forEach(record -> queues.offer("a", record));
        records(8).forEach(record -> queues.offer("b", record));
        records(8).forEach(record -> queues.offer("c", record));
        List<PushQueues.Dropped> dropped = queues.offer("c", records(1).get(0));
        assertEquals(1, dropped.size());
        assertEquals("a", dropped.get(0).nodeId());
        assertEquals(new PushBacklog.Waiting(9, 9 * SIZE), queues.waiting("c"));
        assertEquals(17 * SIZE, queues.bytesInAll());
    }

    @Test
    public void aBatchPutBackGoesFirstAndWithinTheLimits() {
        List<SignedRecord> written = records(6);
        written.forEach(record -> queues.offer("a", record));
        List<SignedRecord> batch = queues.take("a", 4);
        queues.offer("a", records(1).get(0));
        assertTrue(queues.putBack("a", batch).isEmpty());
        assertEquals(written.subList(0, 6), queues.take("a", 6));
        assertEquals(1, queues.waiting("a").records());

        records(8).forEach(record -> queues.offer("a", record));
        List<PushQueues.Dropped> dropped = queues.putBack("a", records(3));
        assertEquals("the whole queue, the batch with it", 12, dropped.get(0).records());
        assertEquals(0, queues.bytesInAll());
    }

    @Test
    public void aPausedPeerLosesItsQueue() {
        records(4).forEach(record -> queues.offer("a", record));
        assertEquals(4, queues.pause("a", Duration.ofMinutes(1)).records());
        assertTrue(queues.paused("a"));
        assertEquals(new PushBacklog.Waiting(0, 0), queues.waiting("a"));
        queues.pause("b", Duration.ZERO);
        assertTrue(!queues.paused("b"));
    }

    /** @return records counted for {@link #SIZE} bytes each */
    private static List<SignedRecord> records(int count) {
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SignedRecord bare = new SignedRecord("market", "listing", Identifiers.random(), "origin", i + 1, null, 1,
                    1, "1.0.0", false, "", "signature");
            records.add(new SignedRecord("market", "listing", bare.id(), "origin", i + 1, null, 1, 1, "1.0.0", false,
                    "x".repeat((int) (SIZE - PushQueues.sizeOf(bare))), "signature"));
        }
        return records;
    }

    @Test
    public void aPeerThatKeepsNotAnsweringIsPausedTwiceAsLongEachTimeUntilItIsHeardFrom() {
        PushQueues queues = new PushQueues(new PushQueues.Limits(100, 1 << 20, 1 << 20));
        assertEquals(PushQueues.FIRST_PAUSE, queues.pause("a").pause());
        assertEquals(PushQueues.FIRST_PAUSE.multipliedBy(2), queues.pause("a").pause());
        PushQueues.Backoff third = queues.pause("a");
        assertEquals(3, third.failures());
        assertEquals(PushQueues.FIRST_PAUSE.multipliedBy(4), third.pause());
        for (int i = 0; i < 30; i++) {
            queues.pause("a");
        }
        assertEquals("at most", PushQueues.MOST_PAUSE, queues.pause("a").pause());
        assertTrue(queues.paused("a"));
        assertEquals(34, queues.backoff("a").failures());
        assertTrue(queues.backoff("a").left().compareTo(PushQueues.MOST_PAUSE.minusSeconds(5)) > 0);

        queues.heardFrom("a");
        assertTrue("a peer that sent a signed request is sent to again at once", !queues.paused("a"));
        assertEquals(0, queues.backoff("a").failures());
        assertEquals("and its next pause starts again from the first", PushQueues.FIRST_PAUSE,
                queues.pause("a").pause());
        queues.answered("a");
        assertEquals(PushQueues.FIRST_PAUSE, queues.pause("a").pause());
    }
}
