package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.dump.federation.PeerDirectory;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in a batch of records from a peer, pushed or pulled: keeps those of modules this node runs compatibly that
 * verify against their origin's key, counts them for the peer (and the refused ones against it), and passes what
 * was new here on to the other peers.
 */
@Component(service = RecordReception.class)
public final class RecordReception {

    /**
     * What became of a batch; the answer to a push. {@code prune}: the origins whose records the sender is to push
     * here no more (it brought only what this node had, and another peer pushes them), §7.8.
     */
    record Outcome(int stored, int duplicates, int notRunHere, List<String> refused, List<Gossip.Prune> prune) {

        Outcome {
            refused = List.copyOf(refused);
            prune = List.copyOf(prune);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordReception.class);

    private final PeerDirectory peers;
    private final RecordIngest ingest;
    private final ModuleRegistry modules;
    private final RecordPush push;
    private final OriginKeys originKeys;
    private final Gossip gossip;

    @Activate
    public RecordReception(@Reference PeerDirectory peers, @Reference RecordIngest ingest,
            @Reference ModuleRegistry modules, @Reference RecordPush push, @Reference OriginKeys originKeys,
            @Reference Gossip gossip) {
        this.gossip = gossip;
        this.peers = peers;
        this.ingest = ingest;
        this.modules = modules;
        this.push = push;
        this.originKeys = originKeys;
    }

    /**
     * @param pushed whether it came by a push or as the answer to a graft, which tell the gossip tree about the link
     *               (anti-entropy's pages do not)
     */
    Outcome receive(String from, WireRecords.Batch batch, boolean pushed) {
        List<SignedRecord> wanted = new ArrayList<>();
        int notRunHere = 0;
        for (SignedRecord record : batch.records()) {
            if (DataVersions.runsHere(modules, record.module(), record.dataVersion())) {
                wanted.add(record);
            } else {
                notRunHere++;
            }
        }
        originKeys.learn(batch.originKeys());
        RecordIngest.Report report = ingest.ingest(wanted, originKeys::of);
        for (RecordIngest.Refusal refusal : report.refused()) {
            LOG.warn("Record {} of origin {} from peer {} refused: {}", refusal.id(), refusal.origin(), from,
                    refusal.reason());
        }
        peers.exchanged(from, report.stored().size(), 0, null);
        if (!report.refused().isEmpty()) {
            RecordIngest.Refusal first = report.refused().get(0);
            peers.misbehaved(from, report.refused().size(), report.refused().size() + " record(s) refused, e.g. "
                    + first.id() + " of origin " + first.origin() + ": " + first.reason());
        }
        List<Gossip.Prune> prune = pushed ? gossip.pushed(from, wanted, report.stored(),
                report.refused().stream().map(RecordIngest.Refusal::id).collect(Collectors.toSet())) : List.of();
        push.forward(report.stored(), batch.originKeys(), from);
        return new Outcome(report.stored().size(), report.duplicates(), notRunHere,
                report.refused().stream().map(r -> r.id() + ": " + r.reason()).toList(), prune);
    }
}
