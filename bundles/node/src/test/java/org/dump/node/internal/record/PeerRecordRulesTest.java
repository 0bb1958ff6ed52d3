package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordValidator;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

/**
 * Issue 22, item 8: records that arrive from peers pass the module's own rules ({@link RecordValidator}) before
 * they are stored, as federation's RecordReception hands them to {@link RecordIngest}; and no record may claim to
 * be written years ahead. Before the fix a peer's market listing with an empty title, a negative price or a time in
 * the year 3270 was stored as it came.
 */
public class PeerRecordRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final TestNodeIdentity peer = new TestNodeIdentity();
    private final Function<String, Optional<Ed25519PublicKey>> keys = id -> Optional.of(peer.publicKey());
    private TestRecords records;

    /** Rules like the market's: a listing has a title and a price that is not negative. */
    private final RecordValidator listings = (type, payload) -> {
        if (!(payload.get("title") instanceof String title) || title.isBlank()) {
            throw new InvalidRecordException("title: a listing needs a title");
        }
        if (!(payload.get("price") instanceof Number price) || price.doubleValue() < 0) {
            throw new InvalidRecordException("price: a price cannot be negative");
        }
    };

    @Before
    public void start() {
        records = new TestRecords(database.factory(), new TestNodeIdentity(), 64 * 1024,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @After
    public void stop() {
        records.stop();
    }

    @Test
    public void aPeersRecordThatBreaksTheModulesRulesIsRefusedWithTheReason() {
        records.addValidator("market", listings);
        SignedRecord empty = listing("aaaaaaaaaaaaaaaaaaaaaaaaaa", 1, "{\"price\":1,\"title\":\"\"}", NOW);
        SignedRecord negative = listing("bbbbbbbbbbbbbbbbbbbbbbbbbb", 2, "{\"price\":-5,\"title\":\"Socks\"}", NOW);
        SignedRecord fine = listing("cccccccccccccccccccccccccc", 3, "{\"price\":5,\"title\":\"Socks\"}", NOW);

        RecordIngest.Report report = records.ingest(List.of(empty, negative, fine), keys);

        assertEquals(List.of(fine), report.stored());
        assertEquals(List.of(
                new RecordIngest.Refusal(empty.id(), peer.id(), "module market refuses this listing: title: a listing needs a title"),
                new RecordIngest.Refusal(negative.id(), peer.id(), "module market refuses this listing: price: a price cannot be negative")),
                report.refused());
        assertTrue(records.get("market", empty.id()).isEmpty());
        assertTrue(records.get("market", negative.id()).isEmpty());
    }

    @Test
    public void theSameRulesHoldForWritesOnThisNode() {
        records.addValidator("market", listings);
        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> records.create(MARKET, "listing", Map.of("title", "Socks", "price", -5), null));
        assertEquals("module market refuses this listing: price: a price cannot be negative", refused.getMessage());
        String id = records.create(MARKET, "listing", Map.of("title", "Socks", "price", 5), null).id();
        assertThrows(InvalidRecordException.class, () -> records.update(MARKET, id, Map.of("title", " "), null));
    }

    /**
     * A null at the top of a payload: the node once stored it, failed to hand the record back (a module's record
     * holds its payload in an immutable map, which takes no null), and every later query of its type failed.
     */
    @Test
    public void aNullFieldIsRefusedFromPeersAndFromModulesAndTheOthersStayReadable() {
        SignedRecord withNull = listing("dddddddddddddddddddddddddd", 1, "{\"price\":5,\"title\":null}", NOW);
        SignedRecord fine = listing("eeeeeeeeeeeeeeeeeeeeeeeeee", 2, "{\"price\":5,\"title\":\"Socks\"}", NOW);
        RecordIngest.Report report = records.ingest(List.of(withNull, fine), keys);
        assertEquals(List.of(fine), report.stored());
        assertEquals(List.of(new RecordIngest.Refusal(withNull.id(), peer.id(),
                "the payload value at 'title' is null: leave the field out instead")), report.refused());

        Map<String, Object> payload = new java.util.HashMap<>(Map.of("price", 5));
        payload.put("title", null);
        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> records.create(MARKET, "listing", payload, null));
        assertEquals("the payload value at 'title' is null: leave the field out instead", refused.getMessage());
        assertEquals(List.of(fine.id()), records.query("market", RecordQuery.ofType("listing")).records().stream()
                .map(ModuleRecord::id).toList());
    }

    @Test
    public void rulesDeclaredByABundleThatDoesNotRunTheModuleAreIgnored() {
        ModuleValidators validators = new ModuleValidators();
        validators.add("market", (type, payload) -> {
            throw new InvalidRecordException("everything");
        }, () -> false);
        assertEquals(Optional.empty(), validators.problem("market", "listing", Map.of()));
    }

    @Test
    public void aPeersRecordFromTheFarFutureIsRefused() {
        Instant year3270 = Instant.parse("3270-01-01T00:00:00Z");
        SignedRecord future = listing("dddddddddddddddddddddddddd", 1, "{\"price\":1,\"title\":\"Top\"}", year3270);
        SignedRecord skewed = listing("eeeeeeeeeeeeeeeeeeeeeeeeee", 2, "{\"price\":1,\"title\":\"Hat\"}",
                NOW.plusSeconds(3600));

        RecordIngest.Report report = records.ingest(List.of(future, skewed), keys);

        assertEquals("a clock an hour ahead is no reason to refuse", List.of(skewed), report.stored());
        assertEquals(1, report.refused().size());
        assertTrue(report.refused().get(0).reason(), report.refused().get(0).reason().startsWith("written in the future"));
    }

    private SignedRecord listing(String id, long sequence, String payload, Instant written) {
        SignedRecord unsigned = new SignedRecord("market", "listing", id, peer.id(), sequence, null,
                written.toEpochMilli(), written.toEpochMilli(), "1.0.0", false, payload, null);
        return unsigned.withSignature(Base64.getEncoder().encodeToString(peer.sign(unsigned.signedBytes())));
    }
}
