package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.federation.PeerRefusedException;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

/** Every request of the node's one HTTP client tells the peer view whether the address answered. */
public class PeerContactsTest {

    @Test
    public void aRefusedConnectionIsSilenceAndAnyHttpAnswerIsAnAnswer() throws IOException {
        PeerContacts contacts = new PeerContacts();
        PeerClient client = new PeerClient(new TestNodeIdentity(Ed25519KeyPair.generate()), contacts);
        NodeFrontDoor door = new NodeFrontDoor(client, Duration.ofSeconds(2));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once closed: connection refused
        }
        URI silent = URI.create("http://127.0.0.1:" + closed + "/");
        assertThrows(PeerRefusedException.class, () -> door.read(silent));
        assertFalse(contacts.view().answering(PeerContacts.key(silent)));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1); // not a DUMP node, but something answers
            exchange.close();
        });
        server.start();
        try {
            URI there = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dump/");
            assertThrows(PeerRefusedException.class, () -> door.read(there));
            assertTrue(contacts.view().answering(PeerContacts.key(there)));
            assertEquals("contacts are kept per address, whatever the path", PeerContacts.key(there),
                    PeerContacts.key(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/federation/x")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void nodesReachedThroughOneRelayAreEachTheirOwnContactAndTheRelayItsOwn() {
        URI relay = URI.create("http://10.0.0.1:8181/");
        URI a = URI.create("http://10.0.0.1:8181/relay/aaaa/");
        URI b = URI.create("http://10.0.0.1:8181/relay/bbbb/");
        assertEquals("http://10.0.0.1:8181/relay/aaaa", PeerContacts.key(a));
        assertEquals(PeerContacts.key(a), PeerContacts.key(URI.create("http://10.0.0.1:8181/relay/aaaa/federation/x")));
        assertNotEquals(PeerContacts.key(a), PeerContacts.key(b));
        assertEquals("the relay's own endpoints are the relay's contact", PeerContacts.key(relay),
                PeerContacts.key(URI.create("http://10.0.0.1:8181/relay/attach")));
    }
}
