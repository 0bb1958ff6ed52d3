package org.dump.node.internal.account;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.crypto.PasswordHasher;
import org.dump.node.account.SignInBusyException;
import org.junit.Test;

public class PasswordHashPoolTest {

    private static final PasswordHasher CHEAP = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1));

    @Test
    public void hashesAndChecksLikeTheHasher() {
        PasswordHashPool pool = new PasswordHashPool(CHEAP, 1, Duration.ofSeconds(1));
        String hash = pool.hash("socks-for-sale".toCharArray());

        assertTrue(pool.verify("socks-for-sale".toCharArray(), hash));
        assertFalse(pool.verify("socks-for-salE".toCharArray(), hash));
        assertFalse("no stored hash: checked against the decoy, never right",
                pool.verifyOrDecoy("decoy password".toCharArray(), null));
        assertFalse(pool.needsRehash(hash));
    }

    /** Work that holds its slot until told to end, so that the test sees who got a slot and who did not. */
    @Test
    public void noMoreThanTheSlotsRunAtOnceAndTheRestAreRefusedAfterTheWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        PasswordHashPool pool = new PasswordHashPool(CHEAP, 2, Duration.ofMillis(200));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                outcomes.add(threads.submit(() -> {
                    try {
                        return pool.inSlot(() -> {
                            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                            await(release);
                            running.decrementAndGet();
                            return "hashed";
                        });
                    } catch (SignInBusyException e) {
                        return "busy, retry after " + e.retryAfter().toSeconds() + " s";
                    }
                }));
            }
            // The four that found no slot give up after 200 ms; the two in a slot go on until released.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (outcomes.stream().filter(Future::isDone).count() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            release.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                answers.add(outcome.get(10, TimeUnit.SECONDS));
            }
            assertEquals(answers.toString(), 2, mostAtOnce.get());
            assertEquals(answers.toString(), 2, answers.stream().filter("hashed"::equals).count());
            assertEquals(answers.toString(), 4, answers.stream().filter("busy, retry after 1 s"::equals).count());
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
