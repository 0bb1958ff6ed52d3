package org.dump.federation.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.RelayClient;
import org.junit.After;
import org.junit.Test;

/** The relay's switchboard without HTTP: polls, queues, answers by id, deadlines, drops, caps and budgets. */
public class RelayHubTest {

    private static final byte[] BODY = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ed25519PublicKey a = Ed25519KeyPair.generate().publicKey();
    private final Ed25519PublicKey b = Ed25519KeyPair.generate().publicKey();

    @After
    public void stopTimer() {
        timer.shutdownNow();
    }

    private RelayHub hub(int maxClients, long bytesPerSecond, Duration answerWait) {
        return new RelayHub(new RelayLimits(maxClients, bytesPerSecond, Duration.ofSeconds(60), 64, answerWait,
                Duration.ofSeconds(25), 4, 16, 4L * 1024 * 1024), timer, Clock.systemUTC(), nanos::get);
    }

    private RelayHub hub() {
        return hub(4, 1024 * 1024, LONG);
    }

    /** Makes {@code key}'s node a client with a poll that ends at once. */
    private static void attached(RelayHub hub, Ed25519PublicKey key) throws Exception {
        hub.attach(key, Duration.ZERO).get(5, TimeUnit.SECONDS);
    }

    private static CompletableFuture<RelayAnswer> send(RelayHub hub, Ed25519PublicKey to, String path)
            throws RelayRefusal {
        return hub.relay(to.fingerprint(), "POST", path, Map.of("content-type", "application/json"), BODY);
    }

    @Test
    public void aRequestGoesToTheWaitingPollAndItsAnswerToItsCaller() throws Exception {
        RelayHub hub = hub();
        CompletableFuture<List<RelayedRequest>> poll = hub.attach(a, LONG);
        assertFalse("nothing for it yet: the poll waits", poll.isDone());
        CompletableFuture<RelayAnswer> caller = send(hub, a, "/federation/records?x=%20y");
        List<RelayedRequest> handed = poll.get(5, TimeUnit.SECONDS);
        assertEquals(1, handed.size());
        RelayedRequest request = handed.get(0);
        assertTrue(request.id(), request.id().matches("[a-z2-7]{26}"));
        assertEquals("/federation/records?x=%20y", request.path());
        assertArrayEquals(BODY, request.body());
        assertFalse(caller.isDone());

        byte[] answer = "{\"taken\":0}".getBytes(StandardCharsets.UTF_8);
        assertTrue(hub.answer(a.fingerprint(), request.id(), new RelayAnswer(200, Map.of(), answer)));
        assertArrayEquals(answer, caller.get(5, TimeUnit.SECONDS).body());
        assertFalse("answered once only", hub.answer(a.fingerprint(), request.id(), new RelayAnswer(200, Map.of(),
                answer)));
        RelayClient stats = hub.report().clients().get(0);
        assertEquals(1, stats.requests());
        assertEquals(BODY.length, stats.bytesIn());
        assertEquals(answer.length, stats.bytesOut());
    }

    @Test
    public void aPollArrivingLaterGetsWhatWasQueuedInOrder() throws Exception {
        RelayHub hub = hub();
        attached(hub, a);
        send(hub, a, "/one");
        send(hub, a, "/two");
        CompletableFuture<List<RelayedRequest>> poll = hub.attach(a, LONG);
        assertTrue("queued requests are handed at once", poll.isDone());
        assertEquals(List.of("/one", "/two"), poll.get().stream().map(RelayedRequest::path).toList());
        assertTrue("an empty wait ends empty", hub.attach(a, Duration.ofMillis(50)).get(5, TimeUnit.SECONDS)
                .isEmpty());
    }

    @Test
    public void answersAreMatchedByIdAndOnlyFromTheNodeAskedFor() throws Exception {
        RelayHub hub = hub();
        attached(hub, a);
        attached(hub, b);
        CompletableFuture<RelayAnswer> first = send(hub, a, "/first");
        CompletableFuture<RelayAnswer> second = send(hub, a, "/second");
        List<RelayedRequest> handed = hub.attach(a, LONG).get(5, TimeUnit.SECONDS);
        assertFalse("another node cannot answer for a", hub.answer(b.fingerprint(), handed.get(0).id(),
                new RelayAnswer(200, Map.of(), new byte[0])));
        assertFalse("an unknown id", hub.answer(a.fingerprint(), "aaaaaaaaaaaaaaaaaaaaaaaaaa",
                new RelayAnswer(200, Map.of(), new byte[0])));
        assertTrue(hub.answer(a.fingerprint(), handed.get(1).id(), new RelayAnswer(202, Map.of(), new byte[0])));
        assertTrue(hub.answer(a.fingerprint(), handed.get(0).id(), new RelayAnswer(201, Map.of(), new byte[0])));
        assertEquals(201, first.get(5, TimeUnit.SECONDS).status());
        assertEquals(202, second.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    public void aCallerGets504WhenNoAnswerComesInTimeAndALateAnswerIsRefused() throws Exception {
        RelayHub hub = hub(4, 1024 * 1024, Duration.ofMillis(100));
        attached(hub, a);
        CompletableFuture<RelayAnswer> caller = send(hub, a, "/slow");
        RelayedRequest request = hub.attach(a, LONG).get(5, TimeUnit.SECONDS).get(0);
        assertEquals(504, caller.get(5, TimeUnit.SECONDS).status());
        assertFalse(hub.answer(a.fingerprint(), request.id(), new RelayAnswer(200, Map.of(), new byte[0])));
        assertTrue("its place is free again", hub.report().clients().get(0).requests() == 1);
    }

    @Test
    public void anIdleClientIsDroppedAndItsCallersGet502() throws Exception {
        RelayHub hub = hub();
        attached(hub, a);
        CompletableFuture<List<RelayedRequest>> open = hub.attach(b, LONG);
        CompletableFuture<RelayAnswer> queued = send(hub, a, "/queued");
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        hub.dropIdle();
        assertFalse("not idle for 60 s yet", queued.isDone());
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        hub.dropIdle();
        assertEquals(502, queued.get(5, TimeUnit.SECONDS).status());
        assertTrue(hub.key(a.fingerprint()).isEmpty());
        assertEquals(502, assertThrows(RelayRefusal.class, () -> send(hub, a, "/after")).status());
        assertTrue("a node with a poll open is never idle", hub.key(b.fingerprint()).isPresent());
        assertFalse(open.isDone());
    }

    @Test
    public void theClientCapRefusesNewNodesButNeverOneAttachedAlready() throws Exception {
        RelayHub hub = hub(1, 1024 * 1024, LONG);
        attached(hub, a);
        RelayRefusal full = assertThrows(RelayRefusal.class, () -> hub.attach(b, LONG));
        assertEquals(503, full.status());
        assertTrue(full.answer().headers().containsKey("retry-after"));
        attached(hub, a);
        assertEquals(1, hub.report().clients().size());
        assertEquals(403, assertThrows(RelayRefusal.class, () -> hub(0, 1024, LONG).attach(a, LONG)).status());
    }

    @Test
    public void aClientOverItsBytesPerSecondIsRefused429UntilItsDebtIsPaid() throws Exception {
        RelayHub hub = hub(4, 1024, LONG); // bursts of 4 KiB
        attached(hub, a);
        byte[] large = new byte[6 * 1024];
        hub.relay(a.fingerprint(), "POST", "/large", Map.of(), large); // larger than the bucket, but it was full
        RelayRefusal over = assertThrows(RelayRefusal.class, () -> send(hub, a, "/next"));
        assertEquals(429, over.status());
        assertEquals("2", over.answer().headers().get("retry-after"));
        assertEquals(429, assertThrows(RelayRefusal.class, () -> hub.precheck(a.fingerprint())).status());
        // An answer waits too while the client is in debt, and its request still waits for it.
        RelayedRequest handed = hub.attach(a, LONG).get(5, TimeUnit.SECONDS).get(0);
        RelayAnswer answer = new RelayAnswer(200, Map.of(), new byte[10]);
        assertEquals(429, assertThrows(RelayRefusal.class, () -> hub.answer(a.fingerprint(), handed.id(), answer))
                .status());
        assertEquals(429, assertThrows(RelayRefusal.class, () -> hub.precheckAnswer(a.fingerprint())).status());
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(hub.answer(a.fingerprint(), handed.id(), answer));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        send(hub, a, "/next");
    }

    @Test
    public void aClientHasAtMost64RequestsWaitingAndFourPollsOpen() throws Exception {
        RelayHub hub = hub();
        attached(hub, a);
        for (int i = 0; i < 64; i++) {
            send(hub, a, "/" + i);
        }
        RelayRefusal full = assertThrows(RelayRefusal.class, () -> send(hub, a, "/65"));
        assertEquals(503, full.status());
        for (int i = 0; i < 4; i++) {
            hub.attach(b, LONG);
        }
        assertEquals(429, assertThrows(RelayRefusal.class, () -> hub.attach(b, LONG)).status());
    }

    @Test
    public void aPollTakesAtMostABatchAndTheNextTheRest() throws Exception {
        RelayHub hub = hub();
        attached(hub, a);
        for (int i = 0; i < 20; i++) {
            send(hub, a, "/" + i);
        }
        assertEquals(16, hub.attach(a, LONG).get().size());
        List<RelayedRequest> rest = hub.attach(a, LONG).get();
        assertEquals("/16", rest.get(0).path());
        assertEquals(4, rest.size());
        hub.undelivered(a.fingerprint(), rest);
        assertEquals("requests whose poll was lost go to the next", rest, hub.attach(a, LONG).get());
    }
}
