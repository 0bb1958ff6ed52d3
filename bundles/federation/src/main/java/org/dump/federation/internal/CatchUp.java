package org.dump.federation.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.internal.reconcile.Findings;
import org.dump.federation.internal.reconcile.MalformedReconciliation;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.RunLists;
import org.dump.federation.internal.reconcile.VersionRuns;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One catch-up with a peer for a module (protocol §7.7): reconciles the versions this node has seen with the peer's
 * ({@link RangeSync}), asks for those it lacks ({@link VersionFetch}), and offers the peer the records it lacks. The
 * transport is the caller's: HTTP in the node ({@link AntiEntropy}), memory in tests.
 */
final class CatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private final RecordInventory inventory;
    private final VersionFetch fetch;
    private final BiConsumer<String, List<SignedRecord>> offer;
    private final PeerDirectory peers;
    private final PeerStanding standing;

    /** @param offer queues records for a peer (by node id) that lacks them: {@link RecordPush#offer} */
    CatchUp(RecordInventory inventory, VersionFetch fetch, BiConsumer<String, List<SignedRecord>> offer,
            PeerDirectory peers, PeerStanding standing) {
        this.inventory = inventory;
        this.fetch = fetch;
        this.offer = offer;
        this.peers = peers;
        this.standing = standing;
    }

    /** @return whether the peer answered to the end (false: it did not answer, refused, or broke the protocol) */
    boolean with(Peer peer, RunningModule module, CatchUpTransport transport) {
        Map<String, List<RecordInventory.Range>> mine = inventory.summary(module.id());
        Reconciliation.Outcome outcome;
        try {
            outcome = RangeSync.run(transport, module, VersionRuns.of(Ranges.toRuns(mine)));
        } catch (IOException e) {
            fetch.failed(peer, module, e);
            return false;
        } catch (MalformedReconciliation e) {
            LOG.warn("Peer {} answered a reconciliation of {} against the protocol: {}", peer.nodeId(), module.id(),
                    e.getMessage());
            peers.misbehaved(peer.nodeId(), 1, "answered a reconciliation against the protocol: " + e.getMessage());
            peers.exchanged(peer.nodeId(), 0, 0, "anti-entropy: " + e.getMessage());
            return false;
        }
        standing.accepted(peer.nodeId());
        Findings found = outcome.findings();
        if (!found.weLack().isEmpty() || !found.theyLack().isEmpty()) {
            LOG.info("Reconciled {} with peer {} in {} round trip(s), {} bytes sent, {} received: this node lacks {} "
                    + "version(s), the peer {}{}", module.id(), peer.nodeId(), outcome.roundTrips(),
                    outcome.bytesSent(), outcome.bytesReceived(), RunLists.versions(found.weLack()),
                    RunLists.versions(found.theyLack()), found.complete() ? "" : " (so far: the next round goes on)");
        }
        boolean answered = found.weLack().isEmpty()
                || fetch.fetch(peer, module, Ranges.fromRuns(found.weLack()), transport);
        if (answered) {
            // Not to a peer that just failed to answer: its error stands until it answers again.
            offer(peer, module, found.theyLack());
            peers.synced(peer.nodeId());
        }
        return answered;
    }

    /** Queues for {@code peer} the records of {@code theyLack} that this node holds, up to a page a round. */
    private void offer(Peer peer, RunningModule module, List<Run> theyLack) {
        if (theyLack.isEmpty()) {
            return;
        }
        // All but those, as what the peer is taken to hold: read again, since the fetch above added to it.
        RecordInventory.Difference held = inventory.difference(module.id(),
                Ranges.minus(inventory.summary(module.id()), Ranges.fromRuns(theyLack)), CatchUpEndpoints.MAX_ANSWER);
        if (!held.records().isEmpty()) {
            offer.accept(peer.nodeId(), held.records());
        }
    }
}
