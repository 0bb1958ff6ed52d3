package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.internal.MisbehavingPeer;
import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Commands;
import org.dump.itests.support.FreePorts;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.node.record.SignedRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Federation between real node processes, in the story's shape: X–Y–Z in a line (Z is no peer of X), all running
 * the market, and W, a peer of Y, which does not run it. Adam writes on X; Stephanie and Carl read on Y, Zoe on Z.
 */
public class FederationIT {

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess x;
    private static NodeProcess y;
    private static NodeProcess z;
    private static NodeProcess w;

    @BeforeClass
    public static void startTheLine() throws Exception {
        distribution = new NodeDistribution("federation");
        steps = new NodeSteps(distribution);
        // The line stays a line: these nodes learn the peers of their peers but take none of them as peers.
        distribution.configure("org.dump.federation.exchange", "autoPeers = 0", "intervalSeconds = 3",
                "firstRoundSeconds = 1");
        distribution.configure("org.dump.federation.sync", "intervalSeconds = 5", "firstRoundSeconds = 3");
        List<NodeProcess> nodes = distribution.start("X", "Y", "Z", "W");
        x = nodes.get(0);
        y = nodes.get(1);
        z = nodes.get(2);
        w = nodes.get(3);
        steps.createUser(x, "adam", "Adam Smith", "adam@example.org");
        steps.createUser(y, "stephanie", "Stephanie Kwolek", "stephanie@example.org");
        steps.createUser(y, "carl", "Carl Linnaeus", "carl@example.org");
        steps.createUser(z, "zoe", "Zoe Zebra", "zoe@example.org");
        steps.installMarket(x, "adam");
        steps.installMarket(y, "stephanie");
        steps.installMarket(z, "zoe");
        steps.makePeers(x, y);
        steps.makePeers(y, z);
        steps.makePeers(y, w);
    }

    @AfterClass
    public static void stopTheNodes() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * Adam's listing on X reaches Y (a peer) and Z (two hops), never W, which does not run the market; on Y,
     * Stephanie sees the listing and nothing of who Adam is.
     */
    @Test
    public void aListingTravelsTwoHopsAndNeverToANodeWithoutTheModule() throws Exception {
        String title = "Wool socks " + System.nanoTime();
        String id = steps.list(x, "adam", title, 7.5).path("id").asText();

        JsonNode onY = steps.awaitListing(y, id, "stephanie", title);
        steps.awaitListing(z, id, "zoe", title);
        assertFalse("Stephanie did not write it", onY.path("mine").asBoolean());
        String seen = onY.toString().toLowerCase();
        for (String trace : List.of("adam", "smith", "example.org")) {
            assertFalse("'" + trace + "' in what Stephanie sees: " + seen, seen.contains(trace));
        }
        assertEquals(403, y.api().put("modules/market/listings/" + id).basic("stephanie", "stephanie-password")
                .json(Api.object("title", "mine", "price", 1, "currency", "EUR")).send().status());

        assertFalse("X is no peer of Z", distribution.client(z, "dump:peer-list").output().contains(x.id()));
        String onW = distribution.client(w, "dump:record-verify market").output();
        assertTrue(onW, onW.contains("All 0 records"));
    }

    /** An edit and a delete on X reach Z, two hops away. */
    @Test
    public void anEditAndADeleteOnXReachZ() throws Exception {
        String title = "Kettle " + System.nanoTime();
        String id = steps.list(x, "adam", title, 12).path("id").asText();
        steps.awaitListing(z, id, "zoe", title);

        Reply edited = x.api().put("modules/market/listings/" + id).basic("adam", "adam-password")
                .json(Api.object("title", title + " (edited)", "price", 10, "currency", "EUR")).send();
        assertEquals(edited.toString(), 200, edited.status());
        steps.awaitListing(z, id, "zoe", title + " (edited)");

        assertEquals(204, x.api().delete("modules/market/listings/" + id).basic("adam", "adam-password").send()
                .status());
        steps.awaitStatus(z, "modules/market/listings/" + id, "zoe", 404);
        steps.awaitStatus(y, "modules/market/listings/" + id, "stephanie", 404);
    }

    /** The federation endpoint takes nothing that a peer did not sign, and nothing too large. */
    @Test
    public void theFederationEndpointRefusesUnsignedForgedAndOversizedRequests() throws Exception {
        String records = "{\"records\":[],\"originKeys\":{}}";
        Reply unsigned = y.api().post("/federation/records").json(records).send();
        assertEquals(unsigned.toString(), 401, unsigned.status());
        assertTrue(unsigned.text(), unsigned.json().path("message").asText().contains("not signed"));

        Reply forged = y.api().post("/federation/records").json(records)
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(records.getBytes(StandardCharsets.UTF_8))) + ":")
                .header("Signature-Input", "dump=(\"@method\" \"@target-uri\" \"content-digest\");created="
                        + java.time.Instant.now().getEpochSecond() + ";keyid=\"" + "a".repeat(32)
                        + "\";nonce=\"abcdefghijklmnopqrstuvwx\";alg=\"ed25519\"")
                .header("Signature", "dump=:" + Base64.getEncoder().encodeToString(new byte[64]) + ":").send();
        assertEquals(forged.toString(), 401, forged.status());
        assertTrue(forged.text(), forged.json().path("message").asText().contains("not a peer"));

        Reply huge = y.api().post("/federation/records").body(new byte[9 * 1024 * 1024], "application/json").send();
        assertEquals(huge.toString(), 413, huge.status());
        assertEquals(404, y.api().post("/federation/other").json(records).send().status());
        assertEquals("the node still answers", 200, y.api().get("node").send().status());
    }

    /**
     * Y is stopped while X writes 1,000 listings and deletes 100 of them, and X restarts (so nothing waits in its
     * push queues): when Y comes back, it catches up by anti-entropy alone and ends with exactly X's 900.
     */
    @Test
    public void aNodeThatWasOfflineConvergesToExactlyWhatItsPeerHolds() throws Exception {
        distribution.stop(y);
        String marker = "lot" + System.nanoTime();
        Set<String> kept = new TreeSet<>();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = steps.list(x, "adam", marker + " item " + i, i).path("id").asText();
            (i % 10 == 0 ? deleted : kept).add(id);
        }
        for (String id : deleted) {
            assertEquals(204, x.api().delete("modules/market/listings/" + id).basic("adam", "adam-password").send()
                    .status());
        }
        distribution.stop(x);
        distribution.restart(x, y);

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> onY = Set.of();
        while (System.nanoTime() < deadline && !onY.equals(kept)) {
            Thread.sleep(500);
            onY = listingIds(y, "stephanie", marker);
        }
        assertEquals("Y holds exactly X's live listings", kept, onY);
        assertEquals("and so does X", kept, listingIds(x, "adam", marker));
    }

    /**
     * A peer that lies: Y takes Mallory as a peer (its key pinned), and Mallory pushes Adam's listing with its
     * content altered under X's signature, re-signed by itself in X's name, and re-signed as its own record under
     * the listing's id. Y refuses all three, says why, counts them against Mallory, and keeps the listing as X wrote
     * it. Asked for records in turn, Mallory stops answering mid-transfer: Y notes the error and loses nothing.
     */
    @Test
    public void forgedAndReSignedRecordsAreRefusedAndCountedAgainstThePeerThatSentThem() throws Exception {
        String title = "Lamp " + System.nanoTime();
        String id = steps.list(x, "adam", title, 20).path("id").asText();
        steps.awaitListing(y, id, "stephanie", title);
        try (MisbehavingPeer mallory = new MisbehavingPeer()) {
            Commands.Result added = distribution.client(y, "dump:peer-add " + mallory.url());
            assertTrue(added.toString(), added.output().contains("Peer " + mallory.id()));
            SignedRecord original = mallory.recordsOf(y.url()).stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow();
            Ed25519PublicKey xKey = Ed25519PublicKey.fromBase64(x.api().get("node").send().json().path("publicKey")
                    .asText());

            SignedRecord altered = new SignedRecord(original.module(), original.type(), original.id(),
                    original.origin(), original.sequence() + 1, original.author(), original.createdMillis(),
                    original.updatedMillis() + 1, original.dataVersion(), false,
                    original.payload().replace(title, "Free lamp, send your address"), original.signature());
            SignedRecord inXsName = mallory.signedByMe(new SignedRecord(original.module(), original.type(),
                    original.id(), original.origin(), original.sequence() + 2, original.author(),
                    original.createdMillis(), original.updatedMillis() + 2, original.dataVersion(), true, null, null));
            SignedRecord asMine = mallory.signedByMe(new SignedRecord(original.module(), original.type(),
                    original.id(), mallory.id(), 1, null, original.createdMillis(), original.updatedMillis() + 3,
                    original.dataVersion(), false, "{\"currency\":\"EUR\",\"price\":1,\"title\":\"Mine now\"}", null));

            HttpResponse<byte[]> answer = mallory.push(y.url(), List.of(altered, inXsName, asMine),
                    Map.of(x.id(), xKey, mallory.id(), mallory.publicKey()));
            String outcome = new String(answer.body(), StandardCharsets.UTF_8);
            assertEquals(outcome, 200, answer.statusCode());
            JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(outcome);
            assertEquals(outcome, 0, report.path("stored").asInt());
            assertEquals(outcome, 3, report.path("refused").size());
            assertTrue(outcome, outcome.contains("signature") && outcome.contains("another module, origin"));

            JsonNode onY = y.api().get("modules/market/listings/" + id).basic("stephanie", "stephanie-password")
                    .send().json();
            assertEquals("Y keeps the listing as X wrote it", title, onY.path("title").asText());
            String peers = distribution.client(y, "dump:peer-list").output();
            String malloryRow = peers.lines().filter(line -> line.contains(mallory.id())).findFirst().orElseThrow();
            // Columns: id, name, address, modules, reachable, takes us, last contact, last sync, in, out, waiting,
            // refused, last error (which Y's next anti-entropy round with Mallory may already have replaced).
            assertEquals(malloryRow, "3", malloryRow.split("\\|")[11].strip());
            String log = Files.readString(y.dir().resolve("data/log/karaf.log"));
            assertTrue("Y logs each refusal", log.contains("of origin " + x.id() + " from peer " + mallory.id()
                    + " refused"));

            // Asked for what it has, Mallory breaks off mid-answer: Y says so, and keeps all it had.
            String[] row = {""};
            awaitTrue(() -> {
                row[0] = distribution.client(y, "dump:peer-list").output().lines()
                        .filter(line -> line.contains(mallory.id())).findFirst().orElse("");
                return row[0].contains("anti-entropy");
            }, () -> "Y's anti-entropy round with Mallory: " + row[0] + "\n" + y.logTail());
            assertEquals(title, y.api().get("modules/market/listings/" + id).basic("stephanie", "stephanie-password")
                    .send().json().path("title").asText());
            String verified = distribution.client(y, "dump:record-verify market").output();
            assertTrue(verified, verified.contains("All ") && !verified.contains("FAILED"));
            distribution.client(y, "dump:peer-remove " + mallory.id());
        }
    }

    /**
     * Peer exchange: Z learns X and W through Y without taking them as peers (it seeks none); V, which seeks three
     * peers, is made a peer of Y only and takes X and Z as well, which run the market like V, but not W; X and Z,
     * asked, take V in turn; a listing written on V then reaches X directly.
     */
    @Test
    public void aNodeLearnsThePeersOfItsPeersAndTakesThoseThatRunItsModules() throws Exception {
        String[] known = {""};
        awaitTrue(() -> {
            known[0] = distribution.client(z, "dump:peer-list --known").output();
            return known[0].contains(x.id()) && known[0].contains(w.id());
        }, () -> "Z learns X and W from Y: " + known[0]);
        assertFalse("Z wants no more peers", distribution.client(z, "dump:peer-list").output().contains(x.id()));

        NodeProcess v = distribution.start("V").get(0);
        steps.createUser(v, "vera", "Vera", "vera@example.org");
        steps.installMarket(v, "vera");
        Commands.Result configured = distribution.client(v, "config:edit org.dump.federation.exchange\n"
                + "config:property-set autoPeers 3\nconfig:update");
        assertEquals(configured.toString(), 0, configured.exitCode());
        steps.makePeers(v, y);
        String[] peersOfV = {""};
        awaitTrue(() -> {
            peersOfV[0] = distribution.client(v, "dump:peer-list").output();
            return peersOfV[0].contains(x.id()) && peersOfV[0].contains(z.id());
        }, () -> "V takes X and Z as peers: " + peersOfV[0] + "\n" + v.logTail());
        assertFalse("W runs no module of V's", peersOfV[0].contains(w.id()));
        String vId = v.id();
        assertTrue("X took V in turn", distribution.client(x, "dump:peer-list").output().contains(vId));

        String title = "Straight to X " + System.nanoTime();
        String id = steps.list(v, "vera", title, 3).path("id").asText();
        steps.awaitListing(x, id, "adam", title);
        distribution.stop(v);
        for (NodeProcess node : List.of(x, y, z)) {
            distribution.client(node, "dump:peer-remove " + vId);
        }
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition,
            java.util.function.Supplier<String> message) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(500);
        }
    }

    /** Peers from the shell, through the real bin/client: a node pins another node's key, never its own. */
    @Test
    public void aNodeTakesAnotherAsPeerFromTheShell() throws Exception {
        String xId = x.id();
        Commands.Result added = distribution.client(w, "dump:peer-add " + x.url());
        assertEquals(added.toString(), 0, added.exitCode());
        assertTrue(added.toString(), added.output().contains("Peer " + xId + " (X)"));
        Commands.Result listed = distribution.client(w, "dump:peer-list --refresh");
        assertTrue(listed.toString(), listed.output().contains(xId) && listed.output().contains(x.url())
                && listed.output().contains("yes"));

        Commands.Result self = distribution.client(w, "dump:peer-add " + w.url());
        assertTrue(self.toString(), self.output().contains("this node itself"));
        Commands.Result nowhere = distribution.client(w, "dump:peer-add http://127.0.0.1:" + FreePorts.pick(1)[0] + "/");
        assertTrue(nowhere.toString(), nowhere.output().contains("cannot reach"));

        Commands.Result removed = distribution.client(w, "dump:peer-remove " + xId);
        assertTrue(removed.toString(), removed.output().contains("removed"));
        assertFalse(distribution.client(w, "dump:peer-list").output().contains(xId));
    }

    /** @return the ids of the listings whose text holds {@code marker}, as {@code user} on {@code node} sees them */
    private static Set<String> listingIds(NodeProcess node, String user, String marker) {
        Set<String> ids = new TreeSet<>();
        for (int offset = 0;; offset += 100) {
            Reply page = node.api().get("modules/market/listings?limit=100&offset=" + offset + "&q=" + marker)
                    .basic(user, user + "-password").send();
            if (page.status() != 200) {
                return Set.of();
            }
            page.json().path("listings").forEach(listing -> ids.add(listing.path("id").asText()));
            if (!page.json().path("more").asBoolean()) {
                return ids;
            }
        }
    }
}
