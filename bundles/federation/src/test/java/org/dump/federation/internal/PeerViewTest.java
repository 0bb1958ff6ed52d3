package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dump.federation.PeerOrigin;
import org.junit.Test;

/** The rules of the peer view, one at a time: when a peer has failed, which peers are dropped, what counts. */
public class PeerViewTest {

    private static final long S = 1000;

    private record P(String key, PeerOrigin origin) {
    }

    @Test
    public void aPeerFailsOnlyAfterThreeUnansweredContactsOverThirtySeconds() {
        PeerView view = new PeerView();
        view.answered("other", 0);
        assertEquals(PeerView.Silence.FIRST, view.unanswered("x", 1 * S));
        assertEquals(PeerView.Silence.AGAIN, view.unanswered("x", 2 * S));
        view.answered("other", 3 * S);
        assertEquals("three in a row, but within 2 s: a blip, or a restart", PeerView.Silence.AGAIN,
                view.unanswered("x", 3 * S));
        assertFalse(view.failed("x", 30 * S));
        view.answered("other", 31 * S);
        assertEquals(PeerView.Silence.FAILED, view.unanswered("x", 31 * S));
        assertTrue(view.failed("x", 31 * S));
    }

    @Test
    public void anAnswerEndsTheStreak() {
        PeerView view = new PeerView();
        view.answered("other", 0);
        view.unanswered("x", 1 * S);
        view.unanswered("x", 20 * S);
        view.answered("x", 25 * S);
        assertTrue(view.answering("x"));
        assertEquals("a new streak starts", PeerView.Silence.FIRST, view.unanswered("x", 40 * S));
        view.answered("other", 70 * S);
        assertEquals(PeerView.Silence.AGAIN, view.unanswered("x", 70 * S));
        assertFalse(view.failed("x", 70 * S));
    }

    @Test
    public void whenNothingAnswersThisNodesOwnLinkIsSuspectedAndNoPeerFails() {
        PeerView view = new PeerView();
        view.answered("x", 0);
        for (long t = 10; t <= 120; t += 10) {
            view.unanswered("x", t * S);
            view.unanswered("y", t * S);
        }
        assertFalse(view.failed("x", 120 * S));
        view.answered("z", 121 * S); // the link is back; x and y are still silent
        assertTrue(view.failed("x", 121 * S));
    }

    @Test
    public void onlyPeersTheNodeTookByItselfAreDropped() {
        PeerView view = new PeerView();
        view.answered("other", 0);
        List<P> peers = List.of(new P("admin", PeerOrigin.ADMIN), new P("exchange", PeerOrigin.EXCHANGE),
                new P("asked", PeerOrigin.ASKED), new P("fine", PeerOrigin.EXCHANGE));
        for (long t = 0; t <= 60; t += 10) {
            for (String key : List.of("admin", "exchange", "asked")) {
                view.unanswered(key, t * S);
            }
            view.answered("fine", t * S);
        }
        Map<P, PeerView.Drop> drops = view.toDrop(peers, P::key, P::origin, 60 * S);
        assertEquals(Set.of(peers.get(1), peers.get(2)), drops.keySet());
        assertTrue(drops.values().stream().allMatch(why -> why == PeerView.Drop.FAILED));
        assertTrue("the administrator's peer has failed, but stays", view.failed("admin", 60 * S));
    }

    @Test
    public void aPeerThatRefusesThisNodeIsDroppedOnceItHasForAMinute() {
        PeerView view = new PeerView();
        List<P> peers = List.of(new P("x", PeerOrigin.EXCHANGE), new P("admin", PeerOrigin.ADMIN));
        view.refusing("x", true, 0);
        view.refusing("admin", true, 0);
        assertEquals(Map.of(), view.toDrop(peers, P::key, P::origin, 30 * S));
        view.refusing("x", true, 30 * S);
        assertEquals(Map.of(peers.get(0), PeerView.Drop.REFUSES), view.toDrop(peers, P::key, P::origin, 60 * S));
        view.refusing("x", false, 61 * S);
        view.refusing("x", true, 62 * S);
        assertEquals("it took this node again meanwhile", Map.of(), view.toDrop(peers, P::key, P::origin, 100 * S));
    }

    @Test
    public void silentPeersDoNotCountAndAModuleWithoutAnAnsweringPeerIsUrgent() {
        PeerView view = new PeerView(3, Duration.ofSeconds(30));
        view.unanswered("x", 0);
        assertFalse(view.answering("x"));
        assertTrue(view.answering("never contacted"));
        PeerChoice choice = new PeerChoice(3, 16);
        Set<String> running = Set.of("market", "forum");
        List<List<String>> answering = List.of(List.of("forum@1.0.0"), List.of("forum@1.0.0"), List.of("forum@1.0.0"));
        PeerChoice.Wants wants = choice.wants(running, answering, 5);
        assertEquals(3, (int) wants.lacking().get("market"));
        assertEquals(PeerView.Priority.HIGH, PeerView.priority(wants, running, answering));
        List<List<String>> oneMarket = List.of(List.of("market@1.0.0"), List.of("forum@1.0.0"),
                List.of("forum@1.0.0"), List.of("forum@1.0.0"));
        assertEquals(PeerView.Priority.LOW, PeerView.priority(choice.wants(running, oneMarket, 5), running, oneMarket));
        List<List<String>> enough = List.of(List.of("market@1.0.0", "forum@1.0.0"), List.of("market@1.0.0"),
                List.of("market@1.0.0"), List.of("forum@1.0.0"), List.of("forum@1.0.0"));
        assertEquals(PeerView.Priority.NONE, PeerView.priority(choice.wants(running, enough, 5), running, enough));
        assertFalse("silent peers still take room: never more than maxPeers",
                choice.wants(running, List.of(), 16).any());
    }

    @Test
    public void addressesThatNeverAnswerAreNotedForTheMostRecentOnly() {
        PeerView view = new PeerView(PeerView.FAILURES, PeerView.FAILING_FOR, 100);
        view.unanswered("peer", 0);
        for (int i = 0; i < 100 + 1000; i++) {
            view.unanswered("http://10.0." + i / 256 + "." + i % 256 + ":8181", i);
            if (i % 50 == 0) {
                view.unanswered("silent peer", i);
            }
        }
        assertEquals("never more than the bound", 100, view.noted());
        assertTrue("the least recently contacted is forgotten: it starts afresh", view.answering("peer"));
        assertFalse("one contacted since is kept", view.answering("silent peer"));
    }
}
