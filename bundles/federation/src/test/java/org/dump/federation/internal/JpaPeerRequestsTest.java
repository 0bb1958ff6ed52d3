package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.federation.PeerRequest;
import org.dump.node.testing.NodeDatabase;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/** Requests to be a peer on the real persistence unit: one per node, bounded, refusals kept across restarts. */
public class JpaPeerRequestsTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    @Test
    public void oneRequestPerNodeAtMostAHundredPendingAndRefusalsKept() {
        JpaPeerRequests requests = new JpaPeerRequests(database.transactions(), Clock.systemUTC());
        NodeCard first = card("first");
        URI at = URI.create("http://127.0.0.1:9/");
        requests.hello(first, at);
        requests.hello(first, URI.create("http://127.0.0.1:10/"));
        assertEquals(1, requests.list().size());
        assertEquals(2, requests.list().get(0).hellos());
        assertEquals("the latest address counts", URI.create("http://127.0.0.1:10/"), requests.list().get(0).url());

        for (int i = 1; i < JpaPeerRequests.MAX_PENDING; i++) {
            assertTrue(requests.hello(card("node" + i), at).isPresent());
        }
        assertTrue("the 101st pending request is not kept", requests.hello(card("one too many"), at).isEmpty());
        assertTrue("a known one still says hello", requests.hello(first, at).isPresent());

        assertEquals(PeerRequest.State.REFUSED, requests.refuse(first.id()).orElseThrow().state());
        assertTrue("a refusal makes room", requests.hello(card("one too many"), at).isPresent());
        assertTrue(requests.refuse("http://127.0.0.1:404/").isEmpty());
        database.reopen();
        requests = new JpaPeerRequests(database.transactions(), Clock.systemUTC());
        assertEquals(PeerRequest.State.REFUSED, requests.find(first.id()).orElseThrow().state());
        requests.remove(first.id());
        assertTrue(requests.find(first.id()).isEmpty());
        assertEquals(JpaPeerRequests.MAX_PENDING, requests.list().size());
    }

    private static NodeCard card(String name) {
        Ed25519KeyPair key = Ed25519KeyPair.generate();
        return new NodeCard(key.publicKey().fingerprint(), key.publicKey().base64(), name, "0.1.0",
                List.of("market@1.0.0"));
    }
}
