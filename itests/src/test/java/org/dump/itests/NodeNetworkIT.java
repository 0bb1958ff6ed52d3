package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.dump.itests.support.Commands;
import org.dump.itests.support.EchoServer;
import org.dump.itests.support.NodeNetwork;
import org.dump.itests.support.NodeNetwork.Host;
import org.dump.itests.support.PacketCapture;
import org.junit.Assume;
import org.junit.Test;

/**
 * The pieces of {@link NodeNetwork} that RelayIT stands on, tried with two tiny HTTP servers ({@link EchoServer})
 * rather than nodes, in a few seconds: a host behind NAT is not dialled by another host but dials out and gets its
 * answers, and its owner (the test JVM, at the bridge's address) still reaches it; a {@link PacketCapture} sees what
 * is sent in clear, also when it spans several TCP segments, and not what was never sent.
 */
public class NodeNetworkIT {

    /** Namespaces rn-lan and rn-home, and a bridge rn-br with 10.224.126.1. */
    private static final String NAMESPACES = "rn";
    private static final int PORT = 8080;
    private static final Duration COMMAND = Duration.ofSeconds(20);

    private final HttpClient owner = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    public void aHostBehindNatDialsOutButIsNotDialledAndACaptureSeesWhatIsSentInClear() throws Exception {
        boolean tools = NodeNetwork.installed("nft") && NodeNetwork.installed("tcpdump");
        if (!tools || !NodeNetwork.available(NAMESPACES)) {
            System.err.println("WARNING: NodeNetworkIT skipped: it needs root, ip, nft and tcpdump");
            Assume.assumeTrue(false);
        }
        List<Process> servers = new ArrayList<>();
        try (NodeNetwork network = new NodeNetwork(NAMESPACES, 126)) {
            try {
                tryThePieces(network, servers);
            } finally {
                servers.forEach(server -> Commands.kill(server.toHandle())); // before their namespaces go
            }
        }
    }

    private void tryThePieces(NodeNetwork network, List<Process> servers) throws Exception {
        Host lan = network.host("lan");
        Host home = network.host("home");
        servers.add(serve(lan));
        servers.add(serve(home));
        assertEquals("echo GET /up ", awaitAnswer(lan, "/up"));
        assertEquals("echo GET /up ", awaitAnswer(home, "/up"));
        assertTrue("before NAT, lan dials home", network.reaches(lan, home, PORT));

        network.behindNat(home);
        assertFalse("nobody dials a host behind NAT", network.reaches(lan, home, PORT));
        assertTrue("it dials out", network.reaches(home, lan, PORT));
        assertEquals("and gets its answers", "echo GET /out ", exchange(home, lan, "GET /out HTTP/1.0\r\n\r\n"));
        assertEquals("its owner still reaches it", "echo GET /owner ", awaitAnswer(home, "/owner"));

        String secret = "clear-text-" + System.nanoTime();
        String spanning = randomLetters(6000); // more than one segment of a 1,500-byte MTU
        PacketCapture capture = PacketCapture.start(lan, Path.of("target", "node-network-it", "lan.pcap"));
        try {
            String body = secret + " " + spanning;
            String answer = exchange(home, lan, "POST /" + secret + " HTTP/1.0\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body);
            assertTrue(answer, answer.startsWith("echo POST /" + secret + " " + secret + " " + spanning));
        } finally {
            capture.stop();
        }
        System.out.println("node-network: capture " + capture.size() + " bytes; " + capture.summary());
        assertTrue("the capture holds what was sent in clear", capture.contains(secret));
        List<String> streams = capture.streamsWith(spanning);
        assertTrue("in the stream from home to lan, put together: " + capture.streams().keySet(),
                streams.stream().anyMatch(s -> s.startsWith(home.address() + ":")
                        && s.endsWith(" > " + lan.address() + ":" + PORT)));
        // The JDK's server writes its answer's headers and body in two segments: only the stream holds both.
        assertTrue("and the answer's stream: " + capture.streams().keySet(), capture
                .streamsWith("\r\n\r\necho POST /" + secret).stream().anyMatch(s -> s.startsWith(lan.address() + ":")));
        assertFalse("nothing that was not sent", capture.contains("never-sent-" + System.nanoTime()));

        network.openNat(home);
        assertTrue("out from behind NAT, lan dials home again", network.reaches(lan, home, PORT));
    }

    /** Starts an {@link EchoServer} at the host's address, inside its namespace, from this test's own classes. */
    private static Process serve(Host host) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = new File(EchoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getPath();
        List<String> command = new ArrayList<>(host.launcher());
        command.addAll(List.of(java, "-cp", classes, EchoServer.class.getName(), host.address(), Integer.toString(PORT)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** @return what the test JVM (the owner, at the bridge's address) gets for GET {@code path} from the host */
    private String awaitAnswer(Host host, String path) throws Exception {
        long deadline = System.nanoTime() + COMMAND.toNanos();
        while (true) {
            try {
                return owner.send(HttpRequest.newBuilder(URI.create("http://" + host.address() + ":" + PORT + path))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(host + " does not answer " + path, e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** @return the answer to {@code request}, sent from inside {@code from} to {@code to}'s server (bash only) */
    private static String exchange(Host from, Host to, String request) {
        List<String> command = new ArrayList<>(from.launcher());
        command.addAll(List.of("timeout", "10", "bash", "-c", "exec 3<>/dev/tcp/" + to.address() + "/" + PORT
                + " || exit 7; cat >&3; cat <&3"));
        Commands.Result result = Commands.run(command, new File("/"), Map.of(), request, COMMAND);
        assertEquals(result.toString(), 0, result.exitCode());
        String output = result.output();
        return output.substring(output.indexOf("\r\n\r\n") + 4);
    }

    private static String randomLetters(int length) {
        StringBuilder letters = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}
