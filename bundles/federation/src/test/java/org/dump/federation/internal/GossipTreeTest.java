package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.function.Function;

import org.junit.Test;

/**
 * Issue 24: the protocol core of the per-origin gossip tree: eager and lazy push, pruning, grafting, and a peer that
 * leaves. Times are milliseconds here; the class takes any unit.
 */
public class GossipTreeTest {

    private static final long AFTER = 2000;
    private static final long AGAIN = 3000;
    private static final GossipTree.Seen NOTHING = (origin, sequence) -> false;
    private static final List<String> PEERS = List.of("a", "b", "c", "o");
    /** This node: the origin of its own records. */
    private static final String SELF = "s";

    private static GossipTree tree() {
        return new GossipTree(SELF, AFTER, AGAIN, 100);
    }

    private static GossipTree.Routes<String> route(GossipTree tree, String origin, String from) {
        return tree.route(PEERS, Function.identity(), origin, from);
    }

    @Test
    public void recordsArePushedToPeersThatGraftedAndAnnouncedToTheOthers() {
        GossipTree tree = tree();
        // No one grafted yet: the origin's records are announced to every peer but the origin, which has them.
        assertEquals(new GossipTree.Routes<>(List.of(), List.of("a", "b", "c")), route(tree, "o", null));
        tree.grafted("b", "o");
        assertEquals(new GossipTree.Routes<>(List.of("b"), List.of("a", "c")), route(tree, "o", null));
        // Nor back to the peer it came from.
        assertEquals(new GossipTree.Routes<>(List.of("b"), List.of("c")), route(tree, "o", "a"));
        assertEquals(new GossipTree.Routes<>(List.of(), List.of("a", "c")), route(tree, "o", "b"));
        // A tree per origin: b pulled o's records, not those of another origin.
        assertEquals(new GossipTree.Routes<>(List.of(), List.of("a", "b", "c", "o")), route(tree, "x", null));
        assertTrue(tree.pushesTo("b", "o"));
        assertFalse(tree.pushesTo("b", "x"));
    }

    @Test
    public void aDuplicateFromAnotherPeerThanTheParentPrunesAndOneFromTheParentDoesNot() {
        GossipTree tree = tree();
        assertFalse("something new never prunes", tree.pushed("p", "o", 5, true));
        assertEquals("p", tree.parentOf("o"));
        assertTrue("a duplicate from another peer prunes it", tree.pushed("q", "o", 5, false));
        assertFalse("a duplicate from the parent does not", tree.pushed("p", "o", 5, false));
        assertEquals("p", tree.parentOf("o"));
        assertTrue("nor from a peer that pushes another origin's records", tree.pushed("p", "x", 1, false));
        // Something new from another peer makes it the parent: the former parent's next duplicate prunes it.
        assertFalse(tree.pushed("q", "o", 6, true));
        assertEquals("q", tree.parentOf("o"));
        assertTrue(tree.pushed("p", "o", 6, false));
    }

    @Test
    public void aPrunedPeerIsAnnouncedToFromThenOn() {
        GossipTree tree = tree();
        tree.grafted("a", "o");
        tree.grafted("b", "o");
        tree.grafted("a", "x");
        tree.pruned("a", "o");
        assertEquals(new GossipTree.Routes<>(List.of("b"), List.of("a", "c")), route(tree, "o", null));
        assertTrue("the prune is for that origin only", tree.pushesTo("a", "x"));
        tree.pruned("b", "o");
        tree.pruned("c", "o"); // never grafted: nothing to do
        assertEquals(new GossipTree.Routes<>(List.of(), List.of("a", "b", "c")), route(tree, "o", null));
    }

    @Test
    public void withNoParentARecordHeardOfIsPulledAtOnceFromTheFirstAnnouncer() {
        GossipTree tree = tree();
        tree.announced("a", "o", 7, 100);
        tree.announced("b", "o", 7, 100);
        assertEquals(100, tree.nextDue());
        assertEquals(List.of(new GossipTree.Graft("a", "o", 7)), tree.due(100, NOTHING));
        assertEquals("the announcer pulled from pushes o's records from now on", "a", tree.parentOf("o"));
        assertEquals(1, tree.missing());
    }

    @Test
    public void withAParentARecordHeardOfIsPulledAfterGraftAfterUnlessItsPushComesFirst() {
        GossipTree tree = tree();
        tree.pushed("p", "o", 1, true);
        tree.announced("a", "o", 2, 100);
        assertEquals(100 + AFTER, tree.nextDue());
        assertEquals(List.of(), tree.due(100 + AFTER - 1, NOTHING));
        assertEquals(List.of(new GossipTree.Graft("a", "o", 2)), tree.due(100 + AFTER, NOTHING));
        assertEquals("a", tree.parentOf("o"));
        assertFalse("the graft's answer", tree.pushed("a", "o", 2, true));

        tree.announced("a", "o", 3, 5000);
        assertFalse("the push came in time", tree.pushed("a", "o", 3, true));
        assertEquals(Long.MAX_VALUE, tree.nextDue());
        assertEquals(List.of(), tree.due(5000 + AFTER, NOTHING));
    }

    @Test
    public void aPulledRecordThatDoesNotComeIsPulledFromTheNextAnnouncerAfterGraftAgain() {
        GossipTree tree = tree();
        tree.announced("a", "o", 3, 0);
        tree.announced("b", "o", 3, 10);
        tree.announced("a", "o", 3, 20); // announced twice: asked once
        assertEquals(List.of(new GossipTree.Graft("a", "o", 3)), tree.due(0, NOTHING));
        assertEquals(AGAIN, tree.nextDue());
        assertEquals(List.of(), tree.due(AGAIN - 1, NOTHING));
        assertEquals(List.of(new GossipTree.Graft("b", "o", 3)), tree.due(AGAIN, NOTHING));
        assertEquals("b", tree.parentOf("o"));
        assertEquals("no announcer left: left to anti-entropy", List.of(), tree.due(2 * AGAIN, NOTHING));
        assertEquals(0, tree.missing());
    }

    @Test
    public void nothingIsPulledThatArrivedMeanwhile() {
        GossipTree tree = tree();
        tree.pushed("p", "o", 1, true);
        tree.announced("a", "o", 2, 0);
        tree.have("o", 2); // anti-entropy brought it
        assertEquals(0, tree.missing());
        assertEquals(List.of(), tree.due(AFTER, NOTHING));

        tree.announced("a", "o", 3, 0);
        assertEquals("seen by the time it is due", List.of(),
                tree.due(AFTER, (origin, sequence) -> origin.equals("o") && sequence == 3));
        assertEquals(0, tree.missing());
        assertEquals("p", tree.parentOf("o"));
    }

    @Test
    public void beyondTheMostMissingTheOldestIsLeftToAntiEntropy() {
        GossipTree tree = new GossipTree(SELF, AFTER, AGAIN, 2);
        tree.announced("a", "o", 1, 0);
        tree.announced("a", "o", 2, 1);
        tree.announced("b", "o", 2, 2); // one already waited for: nothing dropped
        assertEquals(2, tree.missing());
        tree.announced("a", "x", 9, 3);
        assertEquals(2, tree.missing());
        assertEquals(List.of(new GossipTree.Graft("a", "o", 2), new GossipTree.Graft("a", "x", 9)),
                tree.due(3, NOTHING));
    }

    @Test
    public void aPeerThatLeftIsForgottenEverywhere() {
        GossipTree tree = tree();
        tree.grafted("a", "o");
        tree.grafted("b", "o");
        tree.grafted("a", "x");
        tree.pushed("a", "y", 1, true);
        tree.announced("a", "z", 4, 0);
        tree.announced("c", "z", 4, 0);
        tree.announced("a", "w", 1, 0);
        tree.left("a");
        assertFalse(tree.pushesTo("a", "o"));
        assertFalse(tree.pushesTo("a", "x"));
        assertTrue(tree.pushesTo("b", "o"));
        assertNull(tree.parentOf("y"));
        assertEquals("not asked: the next announcer is", List.of(new GossipTree.Graft("c", "z", 4)),
                tree.due(0, NOTHING));
        // With no parent left, y's next record heard of is pulled at once.
        tree.announced("b", "y", 2, 10);
        assertEquals(List.of(new GossipTree.Graft("b", "y", 2)), tree.due(10, NOTHING));
    }

    @Test
    public void ownRecordsArePushedToEveryPeerUntilOnePrunesThemAndAgainWhenItGrafts() {
        GossipTree tree = tree();
        assertEquals(new GossipTree.Routes<>(List.of("a", "b", "c", "o"), List.of()), route(tree, SELF, null));
        tree.pruned("b", SELF);
        assertEquals(new GossipTree.Routes<>(List.of("a", "c", "o"), List.of("b")), route(tree, SELF, null));
        tree.grafted("b", SELF);
        assertTrue(tree.pushesTo("b", SELF));
        tree.pruned("c", SELF);
        tree.left("c");
        assertTrue("a peer that left and comes back starts eager for this node's records", tree.pushesTo("c", SELF));
    }
}
