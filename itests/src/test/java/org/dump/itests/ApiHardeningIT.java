package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.dump.crypto.Identifiers;
import org.dump.federation.internal.MisbehavingPeer;
import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Commands;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.node.record.SignedRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 22, items 8 and 12, against one real node running the market: what a peer pushes passes the market's own
 * rules; a listing image is only ever served as the image its bytes are; every answer of /api carries a content
 * security policy; and malformed or hostile requests get a JSON error in the caller's terms, never a 500, an HTML
 * page or a Java class name (requests that Jetty's parser refuses before any servlet, such as {@code /api/%zz}: see
 * {@link SlowClientsIT}). The peer is {@link MisbehavingPeer}, which signs its records with its own key as a node
 * does and pushes them over the federation protocol.
 */
public class ApiHardeningIT {

    private static final String LISTINGS = "modules/market/listings";
    private static final String PASSWORD = "adam-password";

    private static NodeDistribution distribution;
    private static NodeProcess node;

    @BeforeClass
    public static void startOneNode() throws Exception {
        distribution = new NodeDistribution("hardening");
        NodeSteps steps = new NodeSteps(distribution);
        node = distribution.start("H").get(0);
        steps.createUser(node, "adam", "Adam Smith", "adam@example.org");
        steps.installMarket(node, "adam");
    }

    @AfterClass
    public static void stopTheNode() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * A peer pushes market records that break the market's rules: an empty title, a description of 100,000
     * characters, a negative price, a currency "x", a listing dated in the year 3270, and an image record that says
     * text/html and holds a script, with a listing that points to it. Only the sound listing is stored; its image is
     * not there to serve, and never as HTML.
     */
    @Test
    public void aPeersRecordsPassTheMarketsRulesAndItsHtmlImageIsNeverServed() throws Exception {
        try (MisbehavingPeer mallory = new MisbehavingPeer()) {
            Commands.Result added = distribution.client(node, "dump:peer-add " + mallory.url());
            assertTrue(added.toString(), added.output().contains("Peer " + mallory.id()));
            long now = System.currentTimeMillis();
            long year3270 = java.time.Instant.parse("3270-01-01T00:00:00Z").toEpochMilli();
            String imageId = Identifiers.random();
            String script = "<html><script>fetch('/api/me').then(r => r.text()).then(alert)</script></html>";
            List<SignedRecord> pushed = new ArrayList<>();
            pushed.add(record(mallory, "listing", 1, now, listing("", "1.00", "EUR", null)));
            pushed.add(record(mallory, "listing", 2, now, "{\"currency\":\"EUR\",\"description\":\""
                    + "x".repeat(100_000) + "\",\"price\":1,\"title\":\"Long\"}"));
            pushed.add(record(mallory, "listing", 3, now, listing("Minus", "-5", "EUR", null)));
            pushed.add(record(mallory, "listing", 4, now, listing("Cheap", "1", "x", null)));
            pushed.add(record(mallory, "listing", 5, year3270, listing("Always on top", "1", "EUR", null)));
            pushed.add(record(mallory, imageId, "listing-image", 6, now, "{\"contentType\":\"text/html\",\"data\":\""
                    + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))
                    + "\",\"listing\":\"" + "a".repeat(26) + "\"}"));
            SignedRecord sound = record(mallory, "listing", 7, now, listing("Lamp", "20", "EUR", imageId));
            pushed.add(sound);

            HttpResponse<byte[]> answer = mallory.push(node.url(), pushed, Map.of(mallory.id(), mallory.publicKey()));
            String outcome = new String(answer.body(), StandardCharsets.UTF_8);
            assertEquals(outcome, 200, answer.statusCode());
            JsonNode report = Api.JSON.readTree(outcome);
            assertEquals(outcome, 1, report.path("stored").asInt());
            assertEquals(outcome, 6, report.path("refused").size());
            for (String reason : List.of("title: a listing needs a title", "description: at most 4000 characters",
                    "price: a price cannot be negative", "currency: a three-letter", "written in the future",
                    "contentType: a PNG, JPEG, GIF or WebP image")) {
                assertTrue(reason + " in " + outcome, outcome.contains(reason));
            }

            Reply lamp = node.api().get(LISTINGS + "/" + sound.id()).basic("adam", PASSWORD).send();
            assertEquals(lamp.toString(), 200, lamp.status());
            Reply image = node.api().get(LISTINGS + "/" + sound.id() + "/image").basic("adam", PASSWORD).send();
            assertFalse(image.toString(), image.header("Content-Type").orElse("").contains("html"));
            assertFalse(image.text(), image.text().contains("<script>"));
            assertEquals(image.toString(), 404, image.status());
            assertJsonError(image);
            Reply all = node.api().get(LISTINGS + "?limit=100").basic("adam", PASSWORD).send();
            assertFalse(all.text(), all.text().contains("Always on top") || all.text().contains("Minus"));
            distribution.client(node, "dump:peer-remove " + mallory.id());
        }
    }

    /** Every answer of /api, a listing's image included, says that a browser may run and frame nothing from it. */
    @Test
    public void apiAnswersCarryAContentSecurityPolicyAndNoSniffing() throws Exception {
        String id = new NodeSteps(distribution).list(node, "adam", "Red scarf", 5).path("id").asText();
        byte[] png = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        Reply put = node.api().put(LISTINGS + "/" + id + "/image").basic("adam", PASSWORD).body(png, "image/png")
                .send();
        assertEquals(put.toString(), 200, put.status());
        for (Reply reply : List.of(node.api().get("node").send(),
                node.api().get(LISTINGS).basic("adam", PASSWORD).send(),
                node.api().get(LISTINGS + "/" + id + "/image").basic("adam", PASSWORD).send(),
                node.api().get("no/such/thing").send())) {
            String policy = reply.header("Content-Security-Policy").orElse("");
            assertTrue(reply + " " + policy, policy.contains("default-src 'none'"));
            assertTrue(reply + " " + policy, policy.contains("frame-ancestors 'none'"));
            assertEquals(reply.toString(), "nosniff", reply.header("X-Content-Type-Options").orElse(""));
        }
        Reply image = node.api().get(LISTINGS + "/" + id + "/image").basic("adam", PASSWORD).send();
        assertEquals("image/png", image.header("Content-Type").orElse(""));
    }

    /** A price filter beyond any number (1e999999999) reached the database as infinity: a 500. */
    @Test
    public void aPriceFilterBeyondAnyNumberIsA400() {
        for (String query : List.of("?minPrice=1e999999999", "?maxPrice=-1e999999999", "?minPrice=1e400")) {
            Reply reply = node.api().get(LISTINGS + query).basic("adam", PASSWORD).send();
            assertEquals(reply.toString(), 400, reply.status());
            assertJsonError(reply);
            assertTrue(reply.text(), reply.json().path("message").asText().contains("Price"));
        }
    }

    /** JSON in a charset the node does not read, or an unknown one, was a 500. */
    @Test
    public void aJsonBodyInAnUnreadableCharsetIs415() {
        byte[] body = Api.object("title", "Socks", "price", 1, "currency", "EUR").getBytes(StandardCharsets.UTF_8);
        for (String charset : List.of("ebcdic", "IBM037", "no-such-charset", "\"!!\"")) {
            Reply reply = node.api().post(LISTINGS).basic("adam", PASSWORD)
                    .body(body, "application/json; charset=" + charset).send();
            assertEquals(reply.toString(), 415, reply.status());
            assertJsonError(reply);
            assertTrue(reply.text(), reply.json().path("message").asText().contains("UTF-8"));
        }
    }

    /** Jackson's and the JDK's messages name Java types; the node's errors say what is wrong in the caller's terms. */
    @Test
    public void errorsNameNoJavaClasses() {
        List<Reply> replies = List.of(
                node.api().post(LISTINGS).basic("adam", PASSWORD).json("[1, 2]").send(),
                node.api().post(LISTINGS).basic("adam", PASSWORD).json("\"socks\"").send(),
                node.api().post(LISTINGS).basic("adam", PASSWORD).json("{\"title\": {\"a\": 1}}").send(),
                node.api().post(LISTINGS).basic("adam", PASSWORD).json("{\"price\": \"cheap\"}").send(),
                node.api().post("users").basic("admin", adminPassword()).json("[]").send(),
                node.api().get(LISTINGS + "?limit=many").basic("adam", PASSWORD).send(),
                node.api().get(LISTINGS + "?minPrice=cheap").basic("adam", PASSWORD).send());
        for (Reply reply : replies) {
            assertTrue(reply.toString(), reply.status() >= 400 && reply.status() < 500);
            assertJsonError(reply);
            String message = reply.json().path("message").asText();
            assertFalse(reply.toString(), message.matches("(?s).*\\b(java|javax|org|com)\\.[a-z]+\\..*"));
            assertFalse(reply.toString(), message.contains("Exception") || message.endsWith("null"));
        }
    }

    private static void assertJsonError(Reply reply) {
        assertTrue(reply.toString(), reply.header("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = reply.json();
        assertEquals(reply.toString(), reply.status(), error.path("status").asInt());
        assertFalse(reply.toString(), error.path("message").asText().isBlank());
    }

    private static String adminPassword() {
        try {
            return node.adminPassword();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String listing(String title, String price, String currency, String image) {
        return "{\"currency\":\"" + currency + "\",\"description\":\"\"," + (image == null ? ""
                : "\"image\":\"" + image + "\",") + "\"price\":" + price + ",\"title\":\"" + title + "\"}";
    }

    private static SignedRecord record(MisbehavingPeer peer, String type, long sequence, long written, String payload) {
        return record(peer, Identifiers.random(), type, sequence, written, payload);
    }

    private static SignedRecord record(MisbehavingPeer peer, String id, String type, long sequence, long written,
            String payload) {
        return peer.signedByMe(new SignedRecord("market", type, id, peer.id(), sequence, null, written, written,
                "1.0.0", false, payload, null));
    }
}
