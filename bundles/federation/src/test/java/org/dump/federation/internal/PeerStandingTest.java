package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.junit.Test;

/**
 * The standing of peers as their answers come: a peer that does not take this node is backed off (waits that
 * double up to a cap, ±20%), is asked again by hello, and each change, not each answer, is one log line.
 */
public class PeerStandingTest {

    private static final String PEER = "peerabc";

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private double random = 0.5; // no jitter
    private final List<PeerStanding.Change> changes = new ArrayList<>();
    private final PeerStanding standing = new PeerStanding(10, 300, now::get, () -> random, changes::add, List::of);

    @Test
    public void aPeerThatSaysNotAPeerIsBackedOffWithOneLogLineAndAskedAgainLessAndLessOften() {
        assertTrue("a peer not heard of yet is contacted", standing.mayContact(PEER));

        standing.refused(PEER, "node me is not a peer of this node");
        assertFalse(standing.mayContact(PEER));
        assertEquals(Mutuality.ONE_SIDED, standing.of(PEER));
        assertEquals(1, news().size());
        assertTrue(news().get(0), news().get(0).contains("does not take this node as its peer")
                && news().get(0).contains("backing off") && news().get(0).contains("10 s"));
        assertEquals("and the directory notes why", "node me is not a peer of this node", last().note());

        // Pushes and summaries that were under way when it refused: no more lines, no longer wait.
        standing.refused(PEER, "node me is not a peer of this node");
        standing.refused(PEER, "node me is not a peer of this node");
        assertEquals(1, news().size());

        // It is asked again after 10 s, then 20, 40, … up to 300 s, never sooner.
        long[] waits = {10, 20, 40, 80, 160, 300, 300};
        for (long wait : waits) {
            advance(wait - 1);
            assertEquals("not yet after " + (wait - 1) + " s", List.of(), standing.helloDue());
            advance(1);
            assertEquals("due after " + wait + " s", List.of(PEER), standing.helloDue());
            standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.REFUSED, "this node takes no more peers"));
            assertFalse(standing.mayContact(PEER));
        }
        assertEquals("refusals in a row are one state: one line", 1, news().size());

        advance(300);
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.TAKEN, "taken as a peer"));
        assertTrue(standing.mayContact(PEER));
        assertEquals(Mutuality.MUTUAL, standing.of(PEER));
        assertEquals(2, news().size());
        assertTrue(news().get(1), news().get(1).contains("takes this node as its peer again"));
        assertEquals(List.of(), standing.helloDue());

        standing.accepted(PEER);
        standing.accepted(PEER);
        assertEquals("pushes that go through change nothing more", 2, news().size());
    }

    @Test
    public void waitsVaryByAFifthEitherWay() {
        random = 0.0;
        standing.refused(PEER, "no");
        advance(7);
        assertEquals(List.of(), standing.helloDue());
        advance(1);
        assertEquals("0.8 × 10 s", List.of(PEER), standing.helloDue());

        random = 1.0;
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.REFUSED, "no"));
        advance(23);
        assertEquals(List.of(), standing.helloDue());
        advance(1);
        assertEquals("1.2 × 20 s", List.of(PEER), standing.helloDue());
    }

    @Test
    public void aHelloThatSaysYesWhileRequestsAreRefusedDoesNotShortenTheWaits() {
        standing.refused(PEER, "the signature does not verify");
        advance(10);
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.ALREADY, "already a peer"));
        assertTrue(standing.mayContact(PEER));
        standing.refused(PEER, "the signature does not verify");
        advance(19);
        assertEquals("the second wait is 20 s: a hello's word alone does not reset it", List.of(),
                standing.helloDue());
        advance(1);
        assertEquals(List.of(PEER), standing.helloDue());
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.ALREADY, "already a peer"));
        standing.accepted(PEER); // a push went through: it takes this node for real
        standing.refused(PEER, "node me is not a peer of this node");
        advance(10);
        assertEquals("after a push went through, waits start again from the first", List.of(PEER),
                standing.helloDue());
    }

    @Test
    public void aPendingRequestThenItsApprovalAreEachOneLine() {
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.PENDING, "waits for approval"));
        assertEquals(Mutuality.PENDING, standing.of(PEER));
        assertFalse("nothing is sent while pending", standing.mayContact(PEER));
        standing.refused(PEER, "node me is not a peer of this node"); // a push under way when it was asked
        assertEquals(Mutuality.PENDING, standing.of(PEER));
        advance(10);
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.PENDING, "waits for approval"));

        standing.welcomed(PEER); // approved there: it said hello to this node
        assertEquals(Mutuality.MUTUAL, standing.of(PEER));
        assertEquals(List.of(), standing.helloDue());
        assertEquals(2, news().size());
        assertTrue(news().get(0), news().get(0).contains("approval"));
        assertTrue(news().get(1), news().get(1).contains("takes this node as its peer again"));

        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.REFUSED, "its administrator refused"));
        assertEquals(Mutuality.ONE_SIDED, standing.of(PEER));
        assertEquals(3, news().size());
    }

    @Test
    public void aPeerThatCannotBeAskedIsStillContactedAndAskedAgainWithOneLine() {
        standing.answered(PEER, HelloOutcome.unanswered("cannot reach http://x/federation/hello: refused"));
        standing.answered(PEER, HelloOutcome.unanswered("cannot reach http://x/federation/hello: refused"));
        assertEquals(Mutuality.UNKNOWN, standing.of(PEER));
        assertTrue("not known to refuse: pushes still go", standing.mayContact(PEER));
        assertEquals(1, news().size());
        assertTrue(news().get(0), news().get(0).contains("could not be asked"));
        advance(40);
        assertEquals(List.of(PEER), standing.helloDue());
    }

    @Test
    public void aMutualPeerThatCannotBeAskedStaysMutual() {
        standing.answered(PEER, new HelloOutcome(HelloOutcome.Kind.TAKEN, "taken"));
        changes.clear();
        standing.answered(PEER, HelloOutcome.unanswered("HTTP 503"));
        assertEquals(Mutuality.MUTUAL, standing.of(PEER));
        assertEquals(List.of(), changes);
    }

    @Test
    public void storedPeersAreTakenUpOnFirstUseAndThoseNotKnownToTakeThisNodeAreAskedAtOnce() {
        Peer refusing = peer("refusing", Mutuality.ONE_SIDED, "takes no more peers");
        Peer mutual = peer("mutual", Mutuality.MUTUAL, null);
        Peer unknown = peer("unknown", Mutuality.UNKNOWN, null);
        AtomicInteger reads = new AtomicInteger();
        PeerStanding stored = new PeerStanding(10, 300, now::get, () -> random, changes::add, () -> {
            reads.incrementAndGet();
            return List.of(refusing, mutual, unknown);
        });
        assertEquals("nothing is read while the node starts", 0, reads.get());

        assertFalse(stored.mayContact("refusing"));
        assertTrue(stored.mayContact("mutual"));
        assertTrue(stored.mayContact("unknown"));
        assertEquals(List.of("refusing", "unknown"), stored.helloDue().stream().sorted().toList());
        assertEquals(Mutuality.ONE_SIDED, stored.of("refusing"));
        assertEquals("taking up what is stored changes nothing", List.of(), changes);
        assertEquals("what is stored is read once", 1, reads.get());

        stored.forget("refusing");
        assertTrue(stored.mayContact("refusing"));
    }

    @Test
    public void anAnswerBeforeAnyOtherUseIsNotUndoneByWhatIsStored() {
        Peer refusing = peer("refusing", Mutuality.ONE_SIDED, "takes no more peers");
        PeerStanding stored = new PeerStanding(10, 300, now::get, () -> random, changes::add, () -> List.of(refusing));
        stored.welcomed("refusing");
        assertEquals(Mutuality.MUTUAL, stored.of("refusing"));
        assertTrue(stored.mayContact("refusing"));
    }

    private static Peer peer(String id, Mutuality mutuality, String note) {
        return new Peer(URI.create("http://127.0.0.1:1/"), id, "key", id, List.of(), Instant.now(), null, null, 0, 0,
                0, null, mutuality, note);
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private List<String> news() {
        return changes.stream().map(PeerStanding.Change::news).filter(java.util.Objects::nonNull).toList();
    }

    private PeerStanding.Change last() {
        return changes.get(changes.size() - 1);
    }
}
