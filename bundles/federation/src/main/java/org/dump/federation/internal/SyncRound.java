package org.dump.federation.internal;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.dump.federation.Peer;
import org.dump.node.module.RunningModule;

/**
 * Whom anti-entropy ({@link AntiEntropy}) catches up with, and with what: in a round, for each module this node runs,
 * one peer that runs it too, picked by {@link SyncPartners}; on demand (a new peer, a module just started), every
 * module or every peer at once. Every catch-up that runs to its end is noted, so that the next picks lean towards
 * the peers left out longest. A catch-up that fails does not count as synced: the peer keeps a high weight, and the
 * round tries another (at most {@link SyncPartners#TRIES} in all), so that a node whose peers come and go still
 * catches up in this round.
 */
final class SyncRound {

    /** One catch-up with a peer for a module. */
    @FunctionalInterface
    interface CatchUp {

        /** @return whether it ran to its end (false: the peer did not answer, or refused) */
        boolean with(Peer peer, RunningModule module);
    }

    private final Supplier<List<Peer>> peers;
    private final Supplier<List<RunningModule>> modules;
    private final Predicate<String> mayContact;
    private final SyncPartners partners;
    private final Clock clock;
    private final CatchUp catchUp;

    /**
     * @param mayContact whether a peer (by node id) may be contacted now: not backed off
     */
    SyncRound(Supplier<List<Peer>> peers, Supplier<List<RunningModule>> modules, Predicate<String> mayContact,
            SyncPartners partners, Clock clock, CatchUp catchUp) {
        this.peers = peers;
        this.modules = modules;
        this.mayContact = mayContact;
        this.partners = partners;
        this.clock = clock;
        this.catchUp = catchUp;
    }

    /**
     * A round: for each module this node runs, catches up with one peer that runs it too, if there is one; with up to
     * {@link SyncPartners#TRIES} if the first do not answer.
     */
    void run() {
        List<Peer> all = peers.get();
        List<RunningModule> running = modules.get();
        partners.keepModules(running.stream().map(RunningModule::id).toList());
        for (RunningModule module : running) {
            List<Peer> candidates = all.stream().filter(peer -> runsWith(peer, module)).toList();
            partners.round(module.id(), candidates.stream().map(Peer::nodeId).toList(), clock.instant(),
                    id -> candidates.stream().filter(peer -> peer.nodeId().equals(id)).findFirst()
                            .map(peer -> catchUp.with(peer, module)).orElse(false));
        }
    }

    /** Catches up with {@code peer} for {@code only} that module, or for every module both run if null. */
    void with(Peer peer, String only) {
        for (RunningModule module : modules.get()) {
            if ((only == null || only.equals(module.id())) && runsWith(peer, module)) {
                catchUp(peer, module);
            }
        }
    }

    /** Catches up with every peer that runs {@code module}. */
    void everyPeerOn(String module) {
        peers.get().forEach(peer -> with(peer, module));
    }

    /** @return whether {@code peer} runs {@code module} compatibly, as last heard, and may be contacted now */
    private boolean runsWith(Peer peer, RunningModule module) {
        return DataVersions.runsAt(peer, module.id(), module.dataVersion().toString())
                && mayContact.test(peer.nodeId());
    }

    private void catchUp(Peer peer, RunningModule module) {
        if (catchUp.with(peer, module)) {
            partners.synced(module.id(), peer.nodeId(), clock.instant());
        } else {
            partners.failed(module.id(), peer.nodeId());
        }
    }
}
