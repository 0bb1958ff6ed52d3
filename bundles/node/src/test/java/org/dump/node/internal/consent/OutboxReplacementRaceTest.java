package org.dump.node.internal.consent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.dump.node.consent.ConsentCourier;
import org.dump.node.consent.MessageKind;
import org.dump.node.persistence.Transactions;
import org.dump.node.testing.MutableClock;
import org.dump.node.testing.NodeDatabase;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * A revocation stored while the outbox settles the grant it replaces must not be lost. The outbox's thread settles
 * a delivered message by deleting its row (of that revision); a revocation written in the same moment replaced the
 * row's body. When the revocation's transaction had read the row before the delete and wrote after it, its UPDATE
 * met no row, committed, and the revocation was gone: the asking node kept the profile for good (RelayIT, once in
 * CI, under load).
 */
public class OutboxReplacementRaceTest {

    private static final String DESTINATION = "d".repeat(32);
    private static final String SUBJECT = "s".repeat(26);

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    @Test
    public void aRevocationWrittenWhileTheGrantIsSettledIsStillDelivered() throws Exception {
        Transactions transactions = database.transactions();
        MutableClock clock = new MutableClock();
        ConsentOutbox outbox = new ConsentOutbox(transactions, 5, 300, clock, false);
        List<String> delivered = new ArrayList<>();
        ConsentCourier courier = new ConsentCourier() {
            @Override
            public boolean reaches(String nodeId) {
                return true;
            }

            @Override
            public void deliver(String nodeId, MessageKind kind, byte[] body) {
                delivered.add(new String(body, UTF_8));
            }
        };
        outbox.bindCourier(courier);
        transactions.write(manager -> {
            outbox.put(manager, MessageKind.ANSWER, SUBJECT, DESTINATION, "grant".getBytes(UTF_8));
            return null;
        });

        // The revocation's transaction stores its message and waits, uncommitted, while a round delivers and
        // settles the grant. Where storing locks the row, the round waits for the revocation instead.
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        CompletableFuture<Void> revocation = CompletableFuture.runAsync(() -> transactions.write(manager -> {
            outbox.put(manager, MessageKind.ANSWER, SUBJECT, DESTINATION, "revocation".getBytes(UTF_8));
            stored.countDown();
            await(goOn);
            return null;
        }));
        assertTrue("the revocation was not stored", stored.await(30, TimeUnit.SECONDS));
        CompletableFuture<Integer> round = CompletableFuture.supplyAsync(outbox::deliverDue);
        try {
            round.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException waitsForTheRevocation) {
            // the round reads after the revocation commits
        }
        goOn.countDown();
        revocation.get(30, TimeUnit.SECONDS);
        round.get(90, TimeUnit.SECONDS);
        outbox.deliverDue();

        assertEquals("what reached the asking node: " + delivered, "revocation", delivered.get(delivered.size() - 1));
        assertEquals(0, outbox.waiting());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the grant was not settled within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
