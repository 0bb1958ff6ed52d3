package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * A node that starts or stops running a module tells its peers at once, signed; a peer takes that only from a
 * peer, and only sound news: what it knew stays as it was otherwise.
 */
public class ModuleNewsTest {

    private final TemporaryFolder aFolder = new TemporaryFolder();
    private final TemporaryFolder bFolder = new TemporaryFolder();
    private final NodeDatabase aDatabase = new NodeDatabase(aFolder, JpaPeerDirectory.UNIT);
    private final NodeDatabase bDatabase = new NodeDatabase(bFolder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(aFolder).around(bFolder).around(aDatabase).around(bDatabase);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> startedOnA = new CopyOnWriteArrayList<>();
    private PlayedNode a;
    private PlayedNode b;
    private ModuleNews news;

    @Before
    public void twoPeers() throws Exception {
        a = new PlayedNode("A", aDatabase);
        b = new PlayedNode("B", bDatabase);
        assertEquals(Mutuality.MUTUAL, a.peering.add(b.url).mutuality());
        news = new ModuleNews(null, a.modules(), a.directory, a.standing, new PeerClient(a.identity),
                startedOnA::add);
        b.caughtUpWith.clear();
    }

    @After
    public void stop() {
        news.stop();
        a.close();
        b.close();
    }

    @Test
    public void peersLearnAtOnceWhatANodeStartsAndStopsRunning() throws Exception {
        b.running.put("market", "1.0.0");
        a.running.put("market", "1.0.0");
        a.running.put("notes", "2.1.0");
        news.check();

        await(() -> aOnB().modules().size() == 2);
        assertEquals(List.of("market@1.0.0", "notes@2.1.0"), aOnB().modules());
        assertEquals("A catches up on what it runs now", List.of("market", "notes"), startedOnA);
        assertEquals("B, which runs the market too, catches up with A at once", List.of(a.id()), b.caughtUpWith);

        news.check();
        Thread.sleep(300);
        assertEquals("nothing changed, nothing told", List.of(a.id()), b.caughtUpWith);

        a.running.remove("notes");
        news.check();
        await(() -> aOnB().modules().size() == 1);
        assertEquals(List.of("market@1.0.0"), aOnB().modules());
        assertEquals("stopping a module is nothing to catch up on", List.of(a.id()), b.caughtUpWith);
    }

    @Test
    public void onlyPeersTellAndOnlySoundNewsIsTaken() throws Exception {
        a.running.put("market", "1.0.0");
        news.check();
        await(() -> aOnB().modules().equals(List.of("market@1.0.0")));
        URI target = b.url.resolve(ModuleNews.PATH);
        byte[] sound = "{\"modules\":[{\"id\":\"notes\",\"dataVersion\":\"1.0.0\"}]}".getBytes(StandardCharsets.UTF_8);

        TestNodeIdentity stranger = new TestNodeIdentity();
        assertStatus(401, "not a peer", post(target, sound, stranger));
        assertStatus(401, "not signed", http.send(HttpRequest.newBuilder(target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sound)).build(), HttpResponse.BodyHandlers.ofString()));
        assertFalse(b.directory.find(stranger.id()).isPresent());

        long refusals = aOnB().refusals();
        for (String malformed : List.of("not json", "[]", "{}", "{\"modules\":{}}",
                "{\"modules\":[{\"id\":\"Market!\",\"dataVersion\":\"1.0.0\"}]}",
                "{\"modules\":[{\"id\":\"market\",\"dataVersion\":\"one\"}]}",
                "{\"modules\":[{\"id\":\"market\"}]}",
                "{\"modules\":[{\"id\":42,\"dataVersion\":\"1.0.0\"}]}",
                "{\"modules\":[" + "{\"id\":\"m\",\"dataVersion\":\"1.0.0\"},".repeat(64)
                        + "{\"id\":\"m\",\"dataVersion\":\"1.0.0\"}]}")) {
            assertStatus(400, "not module news", post(target, malformed.getBytes(StandardCharsets.UTF_8), a.identity));
        }
        assertEquals("what B knew of A stays", List.of("market@1.0.0"), aOnB().modules());
        assertEquals("each malformed body counts against A", refusals + 9, aOnB().refusals());

        assertStatus(200, "noted", post(target, sound, a.identity));
        assertEquals(List.of("notes@1.0.0"), aOnB().modules());
    }

    @Test
    public void aPeerThatRefusesTheNewsIsBackedOff() throws Exception {
        b.directory.remove(a.id());
        a.running.put("market", "1.0.0");
        news.check();
        await(() -> a.standing.of(b.id()) == Mutuality.ONE_SIDED);
        assertFalse(a.standing.mayContact(b.id()));
        assertTrue(a.news.toString(), a.news.get(a.news.size() - 1).contains("does not take this node"));
    }

    private Peer aOnB() {
        return b.directory.find(a.id()).orElseThrow();
    }

    private HttpResponse<String> post(URI target, byte[] body, NodeIdentity signer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new RequestSignatures(Clock.systemUTC()).sign(signer, "POST", target, body).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStatus(int status, String saying, HttpResponse<String> answer) {
        assertEquals(answer.body(), status, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains(saying));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue("not within 10 s", condition.getAsBoolean());
    }
}
