package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.dump.federation.Peer;
import org.dump.node.module.RunningModule;
import org.junit.Test;
import org.osgi.framework.Version;

/**
 * An anti-entropy round (issue 23, item 4) contacts exactly one peer per module this node runs, one that runs it
 * too and is not backed off; a new peer is still caught up with at once, on every module both run.
 */
public class SyncRoundTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final RunningModule MARKET = module("market");
    private static final RunningModule BOOKS = module("books");
    private static final RunningModule CHAT = module("chat");

    private static final Peer A = peer("a", "market@1.0.0", "books@1.2.0");
    private static final Peer B = peer("b", "market@1.0.0");
    private static final Peer C = peer("c", "market@1.3.0", "books@2.0.0");
    private static final Peer D = peer("d", "market@1.0.0", "books@1.0.0");
    private static final Peer W = peer("w");

    private static RunningModule module(String id) {
        return new RunningModule(id, new Version(1, 0, 0), 42, "org.dump.module." + id, new Version(1, 0, 0));
    }

    private static Peer peer(String id, String... modules) {
        return new Peer(URI.create("http://127.0.0.1:1/" + id + "/"), id, "key", id, List.of(modules), NOW, null,
                null, 0, 0, 0, null);
    }

    private record Contact(String peer, String module) {
    }

    /** The catch-ups asked for, and which peers answer. */
    private final List<Contact> contacts = new ArrayList<>();
    private final Set<String> silent = new HashSet<>();
    private final SyncPartners partners = new SyncPartners(Duration.ofSeconds(30), new SplittableRandom(23));

    /** A node that runs the market, books and chat, with peers A, B, C, D and W, of which D is backed off. */
    private SyncRound round() {
        return new SyncRound(() -> List.of(A, B, C, D, W), () -> List.of(MARKET, BOOKS, CHAT), id -> !id.equals("d"),
                partners, Clock.fixed(NOW, ZoneOffset.UTC), (peer, module) -> {
                    contacts.add(new Contact(peer.nodeId(), module.id()));
                    return !silent.contains(peer.nodeId());
                });
    }

    @Test
    public void aRoundContactsExactlyOnePeerPerModuleAmongThoseThatRunIt() {
        SyncRound round = round();
        Set<String> marketPeers = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            contacts.clear();
            round.run();
            // Books only with A (C runs another major data version, D is backed off), nobody runs chat.
            assertEquals(contacts.toString(), 2, contacts.size());
            assertEquals("market", contacts.get(0).module());
            assertTrue(contacts.toString(), Set.of("a", "b", "c").contains(contacts.get(0).peer()));
            assertEquals(new Contact("a", "books"), contacts.get(1));
            marketPeers.add(contacts.get(0).peer());
        }
        assertEquals("each runner of the market has its turn", Set.of("a", "b", "c"), marketPeers);
    }

    @Test
    public void aCatchUpThatRanToItsEndIsNotedAndOneThatFailedIsNot() {
        silent.add("b");
        SyncRound round = round();
        for (int i = 0; i < 50; i++) {
            round.run();
        }
        assertTrue(contacts.contains(new Contact("b", "market")));
        assertFalse("b never answered", partners.lastSynced("market", "b").isPresent());
        assertEquals(NOW, partners.lastSynced("market", "a").orElseThrow());
        assertEquals(NOW, partners.lastSynced("books", "a").orElseThrow());
    }

    /** A peer that does not answer does not cost the round: another is tried, up to three in all. */
    @Test
    public void aRoundTriesAnotherPeerWhenOneDoesNotAnswer() {
        silent.add("b");
        silent.add("c");
        SyncRound round = round();
        for (int i = 0; i < 100; i++) {
            contacts.clear();
            round.run();
            List<Contact> market = contacts.stream().filter(contact -> contact.module().equals("market")).toList();
            assertEquals("the round ends with A, the one that answers: " + market, "a",
                    market.get(market.size() - 1).peer());
            assertEquals("no peer twice in a round: " + market, market.size(),
                    market.stream().map(Contact::peer).distinct().count());
        }
        silent.add("a");
        contacts.clear();
        round.run();
        assertEquals("three tried for the market, then the round goes on: " + contacts, 3,
                contacts.stream().filter(contact -> contact.module().equals("market")).count());
    }

    @Test
    public void aNewPeerIsCaughtUpWithAtOnceOnEveryModuleBothRun() {
        round().with(A, null);
        assertEquals(List.of(new Contact("a", "market"), new Contact("a", "books")), contacts);
        assertTrue(partners.lastSynced("books", "a").isPresent());

        contacts.clear();
        round().with(D, null);
        round().with(W, null);
        assertEquals("D is backed off, W runs none of these modules", List.of(), contacts);
    }

    @Test
    public void aModuleJustStartedIsCaughtUpWithEveryPeerThatRunsIt() {
        round().everyPeerOn("market");
        assertEquals(List.of(new Contact("a", "market"), new Contact("b", "market"), new Contact("c", "market")),
                contacts);
    }
}
