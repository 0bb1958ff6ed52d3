package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dump.api.module.ModuleNamespace;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.KnownNode;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.internal.record.TestRecords;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.FixedModules;
import org.osgi.framework.Version;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the JSON bodies a peer sends under {@code /federation/} with the classes the node takes them in with, on
 * real stores (in-memory Derby; Jazzer, issue 27). The first byte picks the body, the rest is it: {@code 0} a batch
 * of records, pushed or a page of anti-entropy ({@link WireRecords#decode}, then {@link RecordReception#receive}
 * into a record store), {@code 1} module news signed by a peer ({@link ModuleNewsEndpoint#answer} on the peer
 * directory), {@code 2} a peer's answer to peer exchange ({@link PeerExchange#introductions}, then
 * {@link JpaKnownNodes#learn}). For every input: only the documented refusals ({@code IOException} for a batch or an
 * exchange that is not one, a status for module news), no other exception; a batch's counts add up, and the record
 * store gains no number of a record that does not verify against its origin's key; module news refused changes
 * nothing, taken replaces what the peer runs with what it said (at most 64 modules); only introductions whose id is
 * their key's fingerprint at an http(s) address become known nodes, at most 100 of them; each input done within a
 * second.
 */
public class FederationBodiesFuzzTest {

    static final NodeIdentity SELF = FuzzSupport.fixedNode(10);
    /** The peer that sends the bodies. */
    static final NodeIdentity PEER = FuzzSupport.fixedNode(11);
    /** The writer of the records in the seeds. */
    static final NodeIdentity ORIGIN = FuzzSupport.fixedNode(12);
    private static final URI NEWS = URI.create("http://127.0.0.1:8181/federation/modules");
    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final Pattern MODULE = Pattern.compile(ModuleNamespace.ID_PATTERN + "@[0-9][0-9A-Za-z_.-]*");

    private static final FuzzSupport.Nanos NANOS = new FuzzSupport.Nanos();
    private static final Transactions FEDERATION = FuzzSupport.federationDatabase();
    private static final TestRecords RECORDS = new TestRecords(FuzzSupport.database(Transactions.UNIT), SELF,
            64 * 1024);
    private static final JpaPeerDirectory DIRECTORY = new JpaPeerDirectory(FEDERATION, SELF,
            FuzzSupport.noFrontDoors(), Clock.systemUTC());
    private static final OriginKeys ORIGIN_KEYS = new OriginKeys(SELF, DIRECTORY, FEDERATION);
    private static final RecordReception RECEPTION;
    private static final ModuleNewsEndpoint MODULE_NEWS = new ModuleNewsEndpoint(DIRECTORY, FixedModules.of(MARKET),
            new PeerLimits(1000, 1 << 30, NANOS), peer -> {
            });
    private static final JpaKnownNodes KNOWN = new JpaKnownNodes(FEDERATION, SELF, DIRECTORY, Clock.systemUTC());

    static {
        FuzzSupport.storePeer(FEDERATION, URI.create("http://127.0.0.1:1/"), PEER,
                "[{\"id\":\"market\",\"dataVersion\":\"1.0.0\"}]");
        Gossip gossip = new Gossip(SELF.id(), System::nanoTime);
        PeerStanding standing = new PeerStanding(1, 60, System::nanoTime, () -> 0.5, change -> {
        }, List::of);
        RecordPush push = new RecordPush(new PeerClient(SELF), DIRECTORY, ORIGIN_KEYS, standing, gossip,
                RecordPushTest.limits(8192, 32768));
        RECEPTION = new RecordReception(DIRECTORY, RECORDS.ingest(), FixedModules.of(MARKET), push, ORIGIN_KEYS,
                gossip);
        // The first write of each store loads and prepares much: not within an input's second.
        try {
            records(signedBatch("warmupwarmupwarmupwarmupwa", 9));
            moduleNews("{\"modules\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            peerExchange("{\"peers\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aBodyIsTakenOrRefused(byte[] input) throws Exception {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        check(input);
    }

    private static void check(byte[] input) throws Exception {
        long began = System.nanoTime();
        NANOS.tick();
        byte[] body = FuzzSupport.rest(input);
        switch (FuzzSupport.mode(input, 3)) {
            case 0 -> records(body);
            case 1 -> moduleNews(body);
            default -> peerExchange(body);
        }
        FuzzSupport.inTime(began, input.length);
    }

    private static void records(byte[] body) {
        WireRecords.Batch batch;
        try {
            batch = WireRecords.decode(body);
        } catch (IOException refused) {
            return; // the servlet answers 400 and takes in nothing
        }
        Set<String> modules = new TreeSet<>(Set.of(MARKET.id()));
        batch.records().stream().map(SignedRecord::module).distinct().limit(3).forEach(modules::add);
        Map<String, Map<String, List<Range>>> before = modules.stream()
                .collect(Collectors.toMap(m -> m, RECORDS::summary));

        RecordReception.Outcome outcome = RECEPTION.receive(PEER.id(), batch, true);

        assertEquals(batch.records().size(), outcome.stored() + outcome.duplicates() + outcome.notRunHere()
                + outcome.refused().size(), "the records of a batch are stored, duplicates, not run here or refused");
        for (String module : modules) {
            Map<String, List<Range>> added = Ranges.minus(RECORDS.summary(module), before.get(module));
            added.forEach((origin, ranges) -> ranges.forEach(range -> {
                for (long n = range.from(); n <= range.to(); n++) {
                    long sequence = n;
                    assertTrue(batch.records().stream().anyMatch(r -> r.module().equals(module)
                            && r.origin().equals(origin) && r.sequence() == sequence
                            && ORIGIN_KEYS.of(origin).filter(r::verify).isPresent()),
                            "the store gained " + module + " " + origin + " " + sequence + ", no verified record's");
                }
            }));
        }
    }

    private static void moduleNews(byte[] body) throws IOException {
        List<String> before = DIRECTORY.find(PEER.id()).orElseThrow().modules();
        ModuleNewsEndpoint.Answer answer = MODULE_NEWS.answer(FuzzSupport.signed(PEER, NEWS, body), "POST", NEWS, body,
                "127.0.0.1");
        List<String> after = DIRECTORY.find(PEER.id()).orElseThrow().modules();
        List<String> said;
        try {
            said = ModuleNewsEndpoint.modulesOf(body);
        } catch (IOException | IllegalArgumentException malformed) {
            assertEquals(400, answer.status(), answer.body().toString());
            assertEquals(before, after, "refused module news changed what the peer runs");
            return;
        }
        assertEquals(200, answer.status(), answer.body().toString());
        assertTrue(said.size() <= ModuleNewsEndpoint.MAX_MODULES);
        said.forEach(module -> assertTrue(MODULE.matcher(module).matches(), module));
        assertEquals(PeerEntity.joined(said), String.join(",", after));
    }

    private static void peerExchange(byte[] body) {
        PeerExchange.Introductions read;
        try {
            read = PeerExchange.introductions(body);
        } catch (IOException refused) {
            return; // learnFrom logs it, and learns nothing
        }
        assertTrue(read.sound().size() <= PeerExchange.MAX_INTRODUCTIONS);
        Set<String> introduced = new TreeSet<>();
        for (JpaKnownNodes.Introduction introduction : read.sound()) {
            URI url = introduction.url();
            assertTrue(("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null,
                    url.toString());
            assertEquals(introduction.card().id(), Ed25519PublicKey.fromBase64(introduction.card().publicKey())
                    .fingerprint());
            introduced.add(introduction.card().id());
        }
        Set<String> known = ids(KNOWN.list());
        KNOWN.learn(PEER.id(), read.sound());
        List<KnownNode> now = KNOWN.list();
        assertTrue(now.size() <= JpaKnownNodes.MAX_KNOWN);
        Set<String> fresh = ids(now);
        fresh.removeAll(known);
        assertTrue(introduced.containsAll(fresh), "known nodes that no sound introduction named: " + fresh);
        assertTrue(!fresh.contains(SELF.id()) && !fresh.contains(PEER.id()), "this node or the peer itself is known");
    }

    private static Set<String> ids(List<KnownNode> nodes) {
        return nodes.stream().map(KnownNode::nodeId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return a batch of one record of the market that ORIGIN wrote and signed, with its key (and some gone) */
    static byte[] signedBatch(String id, long sequence) {
        SignedRecord record = new SignedRecord("market", "listing", id, ORIGIN.id(), sequence,
                null, 1_700_000_000_000L, 1_700_000_000_000L, "1.0.0", false, "{\"title\":\"socks\"}", null);
        record = record.withSignature(java.util.Base64.getEncoder().encodeToString(ORIGIN.sign(record
                .signedBytes())));
        return WireRecords.encode(new ArrayList<>(List.of(record)), Map.of(ORIGIN.id(), ORIGIN.publicKey()), true,
                Map.of(ORIGIN.id(), List.of(new Range(3, 5))));
    }
}
