package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

/** Tasks asked for soon wait once per key: a peer that asks again and again while a round is slow queues one. */
public class RoundsTest {

    @Test
    public void aKeyAskedForAgainAndAgainWhileARoundIsSlowWaitsOnce() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (Rounds rounds = new Rounds("test-rounds", () -> {
            inRound.countDown();
            await(release);
        }, Duration.ZERO, Duration.ofHours(1))) {
            assertTrue(inRound.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10_000 + 1000; i++) {
                rounds.soon("catch up with peer X", ran::incrementAndGet);
                rounds.soon("catch up with peer " + i % 3, ran::incrementAndGet);
            }
            assertEquals("one task per key: X and three others", 4, rounds.queued());
            release.countDown();
            for (int i = 0; i < 200 && ran.get() < 4; i++) {
                Thread.sleep(50);
            }
            assertEquals(4, ran.get());
            CountDownLatch after = new CountDownLatch(1);
            rounds.soon("catch up with peer X", after::countDown);
            assertTrue("a key that ran may be asked for again", after.await(10, TimeUnit.SECONDS));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
