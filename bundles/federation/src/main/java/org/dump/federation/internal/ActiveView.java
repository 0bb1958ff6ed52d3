package org.dump.federation.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dump.federation.KnownNode;
import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.federation.PeerOrigin;
import org.dump.federation.PeerRefusedException;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's peers, its active view, by its {@link PeerView} (issue 24): every {@link #CHECK_EVERY}, and after
 * each round of peer exchange, it reads the front door of peers that went silent once more, moves back among the
 * known nodes the peers it took by itself that failed or refuse it, and while a module it runs has fewer peers that
 * answer than wanted ({@link PeerChoice}), takes known nodes that run it as peers, through the same front-door check
 * as {@code dump:peer-add} and a hello; a node that presents another key than it was introduced with is not kept.
 * A candidate that does not answer costs at most the front door's timeout, and a pass tries only a few such: three,
 * or ten when a module has no peer left that answers (HyParView's high priority); the rest wait for the next pass.
 */
@Component(service = ActiveView.class, configurationPid = PeerExchange.PID)
public final class ActiveView {

    /** The settings of {@link PeerExchange.Config} read here. */
    public @interface Config {
        int autoPeers() default 3;

        int maxPeers() default 16;
    }

    static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    /** The most silent peers whose front door one pass reads, each within the front door's timeout. */
    static final int MAX_PROBES = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ActiveView.class);

    private final JpaPeerDirectory peers;
    private final JpaKnownNodes known;
    private final ModuleRegistry modules;
    private final MutualPeering peering;
    private final PeerStanding standing;
    private final PeerContacts contacts;
    private final PeerView view;
    private final PeerChoice choice;
    private final Rounds rounds;

    @Activate
    public ActiveView(@Reference JpaPeerDirectory peers, @Reference JpaKnownNodes known,
            @Reference ModuleRegistry modules, @Reference MutualPeering peering, @Reference PeerStanding standing,
            @Reference PeerContacts contacts, Config config) {
        this.peers = peers;
        this.known = known;
        this.modules = modules;
        this.peering = peering;
        this.standing = standing;
        this.contacts = contacts;
        this.view = contacts.view();
        this.choice = new PeerChoice(config.autoPeers(), config.maxPeers());
        this.rounds = new Rounds("dump-peer-view", this::check, CHECK_EVERY, CHECK_EVERY);
    }

    @Deactivate
    void stop() {
        rounds.close();
    }

    /** Checks the view soon, on its own thread (after a round of peer exchange brought new known nodes). */
    void soon() {
        rounds.soon("check", this::check);
    }

    /** One pass: probe the silent, drop the failed, replace them. */
    void check() {
        List<Peer> all = peers.list();
        probe(all);
        if (dropFailed(all)) {
            all = peers.list();
        }
        connect(all);
    }

    /** Reads the front door of peers whose last contact got no answer: an answer, or one more silence. */
    private void probe(List<Peer> all) {
        all.stream().filter(peer -> !view.answering(PeerContacts.key(peer.url()))).limit(MAX_PROBES).forEach(peer -> {
            try {
                peers.card(peer.url()); // noted by the PeerClient, which is all that is wanted here
            } catch (PeerRefusedException e) {
                // silent again, or another node there: the view and the directory's refresh tell
            }
        });
    }

    /** @return whether a peer was dropped */
    private boolean dropFailed(List<Peer> all) {
        long now = contacts.now();
        all.forEach(peer -> view.refusing(PeerContacts.key(peer.url()),
                standing.of(peer.nodeId()) == Mutuality.ONE_SIDED, now));
        Map<Peer, PeerView.Drop> drops = view.toDrop(all, peer -> PeerContacts.key(peer.url()), Peer::origin, now);
        drops.forEach((peer, why) -> {
            String reason = why == PeerView.Drop.FAILED
                    ? PeerView.FAILURES + " contacts in a row over " + PeerView.FAILING_FOR.toSeconds()
                            + " s or more got no answer"
                    : "it has refused this node for " + PeerView.REFUSING_FOR.toSeconds() + " s or more";
            peers.remove(peer.nodeId());
            standing.forget(peer.nodeId());
            view.forget(PeerContacts.key(peer.url()));
            known.formerPeer(peer, reason, PeerView.RETRY_FAILED_PEER);
            LOG.info("Peer {} ({}), taken {}, dropped: {}; it is a known node again, a candidate in {} min",
                    peer.nodeId(), peer.url(), peer.origin() == PeerOrigin.ASKED ? "when it asked" : "by peer exchange",
                    reason, PeerView.RETRY_FAILED_PEER.toMinutes());
        });
        return !drops.isEmpty();
    }

    /** Takes known nodes as peers while a module this node runs has fewer peers that answer and run it than wanted. */
    private void connect(List<Peer> all) {
        Set<String> running = modules.running().stream().map(RunningModule::id).collect(Collectors.toSet());
        List<List<String>> answering = all.stream().filter(peer -> view.answering(PeerContacts.key(peer.url())))
                .map(Peer::modules).toList();
        PeerChoice.Wants wants = choice.wants(running, answering, all.size());
        PeerView.Priority priority = PeerView.priority(wants, running, answering);
        int silentLeft = priority == PeerView.Priority.HIGH ? 10 : 3;
        for (KnownNode candidate : priority == PeerView.Priority.NONE ? List.<KnownNode>of()
                : known.candidates(running)) {
            if (!wants.any() || silentLeft == 0) {
                return;
            }
            if (!wants.servedBy(candidate.modules()) || peers.find(candidate.url().toString()).isPresent()) {
                continue; // it runs only modules this node has peers enough for, or is a peer at that address
            }
            try {
                take(candidate);
                known.tried(candidate.nodeId(), null, PeerView.RETRY_REFUSED);
                wants.took(candidate.modules());
            } catch (PeerRefusedException e) {
                boolean silent = !view.answering(PeerContacts.key(candidate.url()));
                silentLeft -= silent ? 1 : 0;
                known.tried(candidate.nodeId(), e.getMessage(),
                        silent ? PeerView.RETRY_UNANSWERED : PeerView.RETRY_REFUSED);
                LOG.info("Could not take known node {} as a peer: {}", candidate.nodeId(), e.getMessage());
            }
        }
    }

    private void take(KnownNode candidate) {
        Peer added = peers.add(candidate.url(), PeerOrigin.EXCHANGE);
        if (!added.publicKey().equals(candidate.publicKey())) {
            peers.remove(added.nodeId());
            throw new PeerRefusedException(candidate.url() + " presents another key than it was introduced with");
        }
        HelloOutcome answer = peering.hello(added);
        if (answer.mutuality() != Mutuality.MUTUAL) {
            // A peer that does not take this node in turn refuses its pushes and summaries: no use.
            peers.remove(added.nodeId());
            throw new PeerRefusedException(candidate.url() + " does not take this node as a peer: " + answer.message());
        }
        peering.noted(added, answer);
        LOG.info("Took node {} ({}), introduced by {}, as a peer", candidate.nodeId(), candidate.url(),
                candidate.introducedBy());
    }
}
