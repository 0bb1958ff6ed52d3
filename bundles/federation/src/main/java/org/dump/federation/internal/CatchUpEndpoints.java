package org.dump.federation.internal;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.FederationProtocol;
import org.dump.federation.PeerDirectory;
import org.dump.federation.internal.reconcile.Limits;
import org.dump.federation.internal.reconcile.MalformedReconciliation;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.VersionRuns;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The answering side of anti-entropy (protocol §7.7), for a peer whose request signature checked out:
 * {@code POST /federation/reconcile} answers one reconciliation message with the next, and
 * {@code POST /federation/versions} answers a list of versions the peer lacks with the records (and the numbers
 * that are gone) of those this node holds, a page at a time. {@code POST /federation/summary}, protocol 1, is refused
 * with a message that names both versions. Without HTTP, so that tests answer a catch-up in memory.
 */
final class CatchUpEndpoints {

    /** An answer: the status and the JSON body. */
    record Answer(int status, byte[] body) {
    }

    /** The most records one answer to {@code versions} holds. */
    static final int MAX_ANSWER = 2000;
    /** The most ranges a request for versions may name. */
    static final int MAX_ASKED_RANGES = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpEndpoints.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;
    /** The base64 text of the longest message {@link Limits#DEFAULT} allows. */
    private static final int MAX_MESSAGE_CHARS = (Limits.DEFAULT.messageBytes() + 2) / 3 * 4;

    /** {@code POST /federation/reconcile}: {@code message} in base64. */
    record ReconcileRequest(String module, String dataVersion, String message) {
    }

    /**
     * {@code POST /federation/versions}: per origin, ranges of numbers the asker lacks; {@code graft}: it heard of them
     * in this node's announcements, and wants this node to push it those origins' records from now on (§7.8).
     */
    record VersionsRequest(String module, String dataVersion, Map<String, List<long[]>> versions, Integer limit,
            Boolean graft) {
    }

    private final ModuleRegistry modules;
    private final RecordInventory inventory;
    private final Function<List<String>, Map<String, Ed25519PublicKey>> originKeys;
    private final PeerDirectory peers;
    private final Gossip gossip;

    /** @param originKeys the keys this node knows of the origins given: {@link OriginKeys#forRecords} */
    CatchUpEndpoints(ModuleRegistry modules, RecordInventory inventory,
            Function<List<String>, Map<String, Ed25519PublicKey>> originKeys, PeerDirectory peers, Gossip gossip) {
        this.gossip = gossip;
        this.modules = modules;
        this.inventory = inventory;
        this.originKeys = originKeys;
        this.peers = peers;
    }

    /** @return the answer to {@code POST /federation/reconcile} from {@code sender}: {@code {"message":base64}} */
    Answer reconcile(String sender, byte[] body) throws IOException {
        ReconcileRequest request;
        try {
            request = JSON.readValue(body, ReconcileRequest.class);
        } catch (IOException malformed) {
            return misbehaved(sender, "not a reconciliation message: " + malformed.getMessage());
        }
        if (request == null || request.message() == null) {
            return misbehaved(sender, "not a reconciliation message: no message");
        }
        Answer notRun = notRunHere(request.module(), request.dataVersion());
        if (notRun != null) {
            return notRun;
        }
        if (request.message().length() > MAX_MESSAGE_CHARS) {
            return misbehaved(sender, "a reconciliation message longer than " + Limits.DEFAULT.messageBytes()
                    + " bytes");
        }
        byte[] answer;
        try {
            byte[] message = Base64.getDecoder().decode(request.message());
            answer = Reconciliation.answer(versionRuns(request.module()), Limits.DEFAULT, message);
        } catch (IllegalArgumentException | MalformedReconciliation malformed) {
            return misbehaved(sender, "a malformed reconciliation message: " + malformed.getMessage());
        }
        return new Answer(200, JSON.writeValueAsBytes(Map.of("message", Base64.getEncoder().encodeToString(answer))));
    }

    /**
     * @return the answer to {@code POST /federation/versions} from {@code sender}: the records of the asked versions
     *         that this node holds, oldest first per origin, with {@code more} and {@code gone} as an answer to a
     *         summary had them (§7.2)
     */
    Answer versions(String sender, byte[] body) throws IOException {
        VersionsRequest request;
        try {
            request = JSON.readValue(body, VersionsRequest.class);
        } catch (IOException malformed) {
            return misbehaved(sender, "not a request for versions: " + malformed.getMessage());
        }
        if (request == null) {
            return misbehaved(sender, "not a request for versions");
        }
        Answer notRun = notRunHere(request.module(), request.dataVersion());
        if (notRun != null) {
            return notRun;
        }
        Map<String, List<RecordInventory.Range>> asked;
        try {
            asked = Ranges.fromPairs(request.versions(), MAX_ASKED_RANGES);
        } catch (IOException malformed) {
            return misbehaved(sender, "not a request for versions: " + malformed.getMessage());
        }
        if (Boolean.TRUE.equals(request.graft())) {
            gossip.grafted(sender, request.module(), request.dataVersion(), asked.keySet());
        }
        int limit = Math.max(1, Math.min(request.limit() == null ? MAX_ANSWER : request.limit(), MAX_ANSWER));
        // What the asker lacks of what this node has seen, told as what it holds: all the rest.
        Map<String, List<RecordInventory.Range>> mine = inventory.summary(request.module());
        RecordInventory.Difference difference = inventory.difference(request.module(), Ranges.minus(mine, asked),
                limit);
        List<SignedRecord> page = difference.records();
        byte[] answer = WireRecords.encode(page,
                originKeys.apply(page.stream().map(SignedRecord::origin).distinct().toList()),
                difference.more(), difference.gone());
        peers.exchanged(sender, 0, page.size(), null);
        return new Answer(200, answer);
    }

    /** @return the refusal of {@code POST /federation/summary}, protocol 1's anti-entropy */
    static Answer summaryOfProtocol1() throws IOException {
        return new Answer(410, JSON.writeValueAsBytes(Map.of("message", FederationProtocol.mismatch("the sender of "
                + "a summary (POST /federation/summary)", 1) + "; protocols 2 and later reconcile at /federation/reconcile")));
    }

    /** @return the versions this node has seen of {@code module}, as the reconciliation reads them */
    VersionRuns versionRuns(String module) {
        return VersionRuns.of(Ranges.toRuns(inventory.summary(module)));
    }

    private Answer notRunHere(String module, String dataVersion) throws IOException {
        if (module == null || dataVersion == null || !DataVersions.runsHere(modules, module, dataVersion)) {
            return new Answer(409, JSON.writeValueAsBytes(Map.of("message", "this node does not run " + module
                    + " compatibly with " + dataVersion)));
        }
        return null;
    }

    private Answer misbehaved(String sender, String why) throws IOException {
        return misbehaved(peers, sender, why);
    }

    /** @return a 400 for a body {@code sender} should not have sent, which is logged and counted against it */
    static Answer misbehaved(PeerDirectory peers, String sender, String why) throws IOException {
        LOG.warn("Peer {} sent {}", sender, why);
        peers.misbehaved(sender, 1, "sent " + why);
        return new Answer(400, JSON.writeValueAsBytes(Map.of("message", why)));
    }
}
