package org.dump.federation.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.federation.PeerRefusedException;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

/**
 * Reading the front door at an address a hello names says what went wrong as a category only, never quoting what
 * the address sent (issue 22, item 2: an SSH banner came back in the hello's answer).
 */
public class ContactFailureTest {

    @Test
    public void aServerThatAnswersWithABannerIsNotHttpAndItsBannerIsNotQuoted() throws Exception {
        try (ServerSocket ssh = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread banner = new Thread(() -> {
                while (!ssh.isClosed()) {
                    try (Socket client = ssh.accept(); OutputStream out = client.getOutputStream()) {
                        out.write("SSH-2.0-OpenSSH_9.2 secret-banner\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(200);
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            banner.setDaemon(true);
            banner.start();

            PeerRefusedException refused = assertThrows(PeerRefusedException.class, () -> new NodeFrontDoor(
                    new PeerClient(new TestNodeIdentity(Ed25519KeyPair.generate())), Duration.ofSeconds(10)).read(URI.create("http://127.0.0.1:" + ssh.getLocalPort() + "/")));

            assertFalse(refused.getMessage(), refused.getMessage().contains("secret"));
            assertFalse(refused.getMessage(), refused.getMessage().contains("SSH"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("not HTTP")
                    || refused.getMessage().contains("closed without an answer"));
        }
    }

    @Test
    public void aClosedPortIsAConnectionRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        PeerRefusedException refused = assertThrows(PeerRefusedException.class, () -> new NodeFrontDoor(
                new PeerClient(new TestNodeIdentity(Ed25519KeyPair.generate())), Duration.ofSeconds(10)).read(URI.create("http://127.0.0.1:" + port + "/")));
        assertTrue(refused.getMessage(), refused.getMessage().endsWith("connection refused"));
    }
}
