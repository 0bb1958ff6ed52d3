package org.dump.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Commands;
import org.dump.itests.support.Images;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Profiles only by consent, between real node processes: X, home of Adam and Beatrice, and Y, where Stephanie,
 * Carl and Yvonne read their listings; peers, both running the market. Nothing that Y answers, logs or is sent
 * names Adam before he accepts or after he revokes. Each test has authors and askers of its own, so they do not
 * depend on each other's order.
 */
public class ProfileConsentIT {

    private static final String ADAM_NAME = "Adam Smith";
    private static final String ADAM_EMAIL = "adam@example.org";
    private static final Pattern ADAM = Pattern.compile("(?i)adam smith|adam@example\\.org|\\badam\\b");

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess x;
    private static NodeProcess y;

    @BeforeClass
    public static void startTwoPeers() throws Exception {
        distribution = new NodeDistribution("consent");
        // Retries of undelivered messages every 1–2 s (rather than up to 5 minutes), so that a node that comes
        // back is served within the test's patience. Each node copies etc/ on its first start.
        Files.writeString(distribution.home().resolve("etc/org.dump.consent.cfg"),
                "retryFirstSeconds = 1\nretryMaxSeconds = 2\n");
        steps = new NodeSteps(distribution);
        List<NodeProcess> nodes = distribution.start("X", "Y");
        x = nodes.get(0);
        y = nodes.get(1);
        steps.createUser(x, "adam", ADAM_NAME, ADAM_EMAIL);
        steps.createUser(x, "beatrice", "Beatrice Webb", "beatrice@example.org");
        steps.createUser(y, "stephanie", "Stephanie Kwolek", "stephanie@example.org");
        steps.createUser(y, "carl", "Carl Linnaeus", "carl@example.org");
        steps.createUser(y, "yvonne", "Yvonne Choquet-Bruhat", "yvonne@example.org");
        steps.installMarket(x, "adam");
        steps.installMarket(y, "stephanie");
        steps.makePeers(x, y);
    }

    @AfterClass
    public static void stopTheNodes() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * The story: Stephanie (on Y) asks for Adam's profile; Adam sees the request on X and accepts; Y shows the
     * profile to Stephanie only, not to Carl; a change of it follows; Adam revokes, and Y no longer has it.
     */
    @Test
    public void stephanieSeesAdamsProfileOnlyWhileHeGrantsIt() throws Exception {
        Reply profile = x.api().put("me/profile").basic("adam", "adam-password")
                .json(Api.object("displayName", ADAM_NAME, "email", ADAM_EMAIL, "bio", "I sell socks.")).send();
        assertEquals(profile.toString(), 200, profile.status());
        byte[] avatar = Images.png(32, Color.ORANGE);
        assertEquals(200, x.api().put("me/avatar").basic("adam", "adam-password").body(avatar, "image/png").send()
                .status());
        String title = "Wool socks " + System.nanoTime();
        String listing = steps.list(x, "adam", title, 7.5).path("id").asText();
        steps.awaitListing(y, listing, "stephanie", title);

        Reply asked = ask(y, "stephanie", listing);
        assertEquals(asked.toString(), 201, asked.status());
        JsonNode request = asked.json();
        assertEquals("pending", request.path("state").asText());
        assertEquals(x.id(), request.path("node").asText());
        String requestId = request.path("id").asText();
        Reply again = ask(y, "stephanie", listing);
        assertEquals("the same request", 200, again.status());
        assertEquals(requestId, again.json().path("id").asText());

        JsonNode incoming = awaitIncoming("adam", "stephanie");
        String incomingId = incoming.path("id").asText();
        assertEquals("pending", incoming.path("state").asText());
        assertEquals(y.id(), incoming.path("asker").path("node").asText());
        assertEquals("Stephanie Kwolek", incoming.path("asker").path("displayName").asText());
        assertEquals(listing, incoming.path("recordId").asText());
        steps.awaitReply(y, "me/profile-requests", "stephanie",
                reply -> reply.json().path("requests").get(0).path("delivered").asBoolean());
        Commands.Result listed = distribution.client(x, "dump:profile-requests adam");
        assertTrue(listed.toString(), listed.output().contains(incomingId) && listed.output().contains("stephanie@"));
        assertNothingOfAdamOnY("before Adam answers");

        Reply accepted = x.api().post("me/profile-requests/incoming/" + incomingId + "/accept")
                .basic("adam", "adam-password").send();
        assertEquals(accepted.toString(), 200, accepted.status());
        assertEquals("granted", accepted.json().path("state").asText());
        Reply twice = x.api().post("me/profile-requests/incoming/" + incomingId + "/accept")
                .basic("adam", "adam-password").send();
        assertEquals(twice.toString(), 409, twice.status());

        JsonNode granted = steps.awaitReply(y, "me/granted-profiles", "stephanie",
                reply -> reply.json().path("profiles").size() == 1).json().path("profiles").get(0);
        assertEquals(ADAM_NAME, granted.path("displayName").asText());
        assertEquals(ADAM_EMAIL, granted.path("email").asText());
        assertEquals("I sell socks.", granted.path("bio").asText());
        assertEquals(requestId, granted.path("requestId").asText());
        String avatarPath = granted.path("avatar").asText().replaceFirst("^/api/", "");
        Reply image = y.api().get(avatarPath).basic("stephanie", "stephanie-password").send();
        assertEquals(image.toString(), 200, image.status());
        assertArrayEquals(avatar, image.body());
        assertEquals("granted", y.api().get("me/profile-requests").basic("stephanie", "stephanie-password").send()
                .json().path("requests").get(0).path("state").asText());

        assertEquals("Carl sees nothing of it", 0, y.api().get("me/granted-profiles").basic("carl", "carl-password")
                .send().json().path("profiles").size());
        assertEquals(404, y.api().get(avatarPath).basic("carl", "carl-password").send().status());
        assertEquals(401, y.api().get("me/granted-profiles").send().status());

        x.api().put("me/profile").basic("adam", "adam-password")
                .json(Api.object("displayName", ADAM_NAME, "email", ADAM_EMAIL, "bio", "Socks and kettles.")).send();
        steps.awaitReply(y, "me/granted-profiles", "stephanie",
                reply -> reply.json().path("profiles").path(0).path("bio").asText().equals("Socks and kettles."));

        Commands.Result revoked = distribution.client(x, "dump:profile-revoke " + incomingId);
        assertTrue(revoked.toString(), revoked.output().contains("revoked"));
        steps.awaitReply(y, "me/profile-requests", "stephanie",
                reply -> reply.json().path("requests").get(0).path("state").asText().equals("revoked"));
        assertEquals(0, y.api().get("me/granted-profiles").basic("stephanie", "stephanie-password").send().json()
                .path("profiles").size());
        assertEquals(404, y.api().get(avatarPath).basic("stephanie", "stephanie-password").send().status());
        assertNothingOfAdamOnY("after Adam revoked");
        for (String line : Files.readAllLines(x.dir().resolve("data/log/karaf.log"), StandardCharsets.UTF_8)) {
            if (line.contains("Profile request") || line.contains("Consent") || line.contains("profile request")) {
                assertFalse("X's log names Adam with a request: " + line, ADAM.matcher(line).find());
            }
        }
    }

    /** Carl asks, Adam refuses from the shell: Y learns "refused" and nothing else. */
    @Test
    public void aRefusedRequestRevealsNothing() throws Exception {
        String title = "Kettle " + System.nanoTime();
        String listing = steps.list(x, "adam", title, 12).path("id").asText();
        steps.awaitListing(y, listing, "carl", title);
        assertEquals(201, ask(y, "carl", listing).status());
        String incomingId = awaitIncoming("adam", "carl").path("id").asText();

        Commands.Result refused = distribution.client(x, "dump:profile-refuse " + incomingId);
        assertTrue(refused.toString(), refused.output().contains("refused"));

        JsonNode mine = steps.awaitReply(y, "me/profile-requests", "carl",
                reply -> reply.json().path("requests").get(0).path("state").asText().equals("refused"))
                .json().path("requests").get(0);
        assertEquals(0, y.api().get("me/granted-profiles").basic("carl", "carl-password").send().json()
                .path("profiles").size());
        assertFalse(mine.toString(), ADAM.matcher(mine.toString()).find());
        assertNothingOfAdamOnY("after a refusal");
        Reply again = x.api().post("me/profile-requests/incoming/" + incomingId + "/accept")
                .basic("adam", "adam-password").send();
        assertEquals("a refusal is final", 409, again.status());
    }

    /**
     * Requests and answers wait for a node that is offline: X is down when Yvonne asks for Beatrice's profile, Y
     * is down when Beatrice accepts; each gets its message once it is back.
     */
    @Test
    public void messagesWaitForANodeThatIsOffline() throws Exception {
        String title = "Teapot " + System.nanoTime();
        String listing = steps.list(x, "beatrice", title, 20).path("id").asText();
        steps.awaitListing(y, listing, "yvonne", title);

        distribution.stop(x);
        Reply asked = ask(y, "yvonne", listing);
        assertEquals(asked.toString(), 201, asked.status());
        assertFalse(asked.json().path("delivered").asBoolean());
        distribution.restart(x);
        String incomingId = awaitIncoming("beatrice", "yvonne").path("id").asText();

        distribution.stop(y);
        Reply accepted = x.api().post("me/profile-requests/incoming/" + incomingId + "/accept")
                .basic("beatrice", "beatrice-password").send();
        assertEquals(accepted.toString(), 200, accepted.status());
        Thread.sleep(3000); // X tries, and fails, at least once
        distribution.restart(y);

        JsonNode granted = steps.awaitReply(y, "me/granted-profiles", "yvonne",
                reply -> reply.json().path("profiles").size() == 1).json().path("profiles").get(0);
        assertEquals("Beatrice Webb", granted.path("displayName").asText());
        String log = Files.readString(x.dir().resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
        assertTrue("X noted the failed attempt", log.contains("answers:" + incomingId + " to node " + y.id()
                + " not delivered"));
    }

    /** Bad input gets clear answers, on the users' REST API and on the node-to-node endpoints. */
    @Test
    public void badInputIsRefusedClearly() throws Exception {
        Reply noRecord = y.api().post("me/profile-requests").basic("stephanie", "stephanie-password")
                .json(Api.object("module", "market")).send();
        assertEquals(noRecord.toString(), 400, noRecord.status());
        assertEquals("recordId", noRecord.json().path("field").asText());
        Reply unknownField = y.api().post("me/profile-requests").basic("stephanie", "stephanie-password")
                .json("{\"module\":\"market\",\"recordId\":\"x\",\"author\":\"adam\"}").send();
        assertEquals(unknownField.toString(), 400, unknownField.status());
        Reply unknownRecord = ask(y, "stephanie", "a".repeat(26));
        assertEquals(unknownRecord.toString(), 404, unknownRecord.status());
        String own = steps.list(y, "carl", "Carl's own " + System.nanoTime(), 1).path("id").asText();
        Reply ownNode = ask(y, "stephanie", own);
        assertEquals(ownNode.toString(), 409, ownNode.status());
        assertEquals(401, y.api().post("me/profile-requests").json(Api.object("module", "market", "recordId", own))
                .send().status());
        Reply notMine = y.api().post("me/profile-requests/incoming/" + "b".repeat(26) + "/accept")
                .basic("carl", "carl-password").send();
        assertEquals(notMine.toString(), 404, notMine.status());

        String answer = "{\"requestId\":\"" + "c".repeat(26) + "\",\"version\":1,\"state\":\"refused\"}";
        Reply unsigned = y.api().post("/federation/profiles/answers").json(answer).send();
        assertEquals(unsigned.toString(), 401, unsigned.status());
        assertTrue(unsigned.text(), unsigned.json().path("message").asText().contains("not signed"));
        Reply notAPeer = y.api().post("/federation/profiles/requests").json(answer)
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(answer.getBytes(StandardCharsets.UTF_8))) + ":")
                .header("Signature-Input", "dump=(\"@method\" \"@target-uri\" \"content-digest\");created="
                        + java.time.Instant.now().getEpochSecond() + ";keyid=\"" + "a".repeat(32)
                        + "\";nonce=\"abcdefghijklmnopqrstuvwx\";alg=\"ed25519\"")
                .header("Signature", "dump=:" + Base64.getEncoder().encodeToString(new byte[64]) + ":").send();
        assertEquals(notAPeer.toString(), 401, notAPeer.status());
        assertTrue(notAPeer.text(), notAPeer.json().path("message").asText().contains("not a peer"));
        assertEquals(413, y.api().post("/federation/profiles/answers").body(new byte[9 * 1024 * 1024],
                "application/json").send().status());
        assertEquals(404, y.api().post("/federation/profiles/others").json(answer).send().status());
        assertEquals(405, y.api().get("/federation/profiles/answers").send().status());
        assertEquals("records still go to their own endpoint", 401,
                y.api().post("/federation/records").json("{}").send().status());
        assertEquals("the node still answers", 200, y.api().get("node").send().status());
    }

    private static Reply ask(NodeProcess node, String user, String recordId) {
        return node.api().post("me/profile-requests").basic(user, user + "-password")
                .json(Api.object("module", "market", "recordId", recordId)).send();
    }

    /** Waits until {@code author} on X has a pending request from {@code asker}, and returns it. */
    private static JsonNode awaitIncoming(String author, String asker) throws InterruptedException {
        Reply reply = steps.awaitReply(x, "me/profile-requests/incoming", author, r -> pendingFrom(r, asker) != null);
        return pendingFrom(reply, asker);
    }

    private static JsonNode pendingFrom(Reply reply, String asker) {
        if (reply.status() != 200) {
            return null;
        }
        for (JsonNode request : reply.json().path("requests")) {
            if (request.path("asker").path("username").asText().equals(asker)
                    && request.path("state").asText().equals("pending")) {
                return request;
            }
        }
        return null;
    }

    /** Y's answers to its users and Y's log say nothing of Adam: neither his name, nor his e-mail, nor his username. */
    private static void assertNothingOfAdamOnY(String when) throws IOException {
        for (String user : List.of("stephanie", "carl", "yvonne")) {
            for (String path : List.of("me/profile-requests", "me/granted-profiles", "me/profile-requests/incoming",
                    "modules/market/listings")) {
                String answer = y.api().get(path).basic(user, user + "-password").send().text();
                assertFalse(when + ": Y told " + user + " about Adam at " + path + ": " + answer,
                        ADAM.matcher(answer).find());
            }
        }
        Path log = y.dir().resolve("data/log/karaf.log");
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            assertFalse(when + ": Y's log names Adam: " + line, ADAM.matcher(line.toLowerCase(Locale.ROOT)).find());
        }
    }
}
