package org.dump.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.federation.PeerAddition;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PeerRequest;
import org.dump.federation.PushBacklog;
import org.dump.federation.Peering;
import org.junit.Rule;
import org.junit.Test;

/** What the peer commands print: whether the other node took this one, and if not why; the requests to approve. */
public class PeerCommandsTest {

    @Rule
    public final ShellOutput out = new ShellOutput();
    private final List<PeerRequest> requests = new ArrayList<>();
    private PeerAddition answer;

    @Test
    public void peerAddSaysWhetherTheOtherNodeTookThisOne() throws Exception {
        for (Mutuality mutuality : Mutuality.values()) {
            out.reset();
            answer = new PeerAddition(peer(mutuality, null), mutuality, switch (mutuality) {
                case MUTUAL -> "taken as a peer";
                case PENDING -> "waits for the approval of this node's administrator";
                case ONE_SIDED -> "this node takes no more peers";
                case UNKNOWN -> "cannot reach http://y/federation/hello";
            });
            PeerAddCommand command = new PeerAddCommand();
            command.peering = peering();
            command.url = " http://y:8281/ ";
            command.execute();
            String shown = out.text();
            assertTrue(shown, shown.startsWith("Peer yid (Y) at http://y:8281/, running market@1.0.0"));
            assertTrue(shown, shown.contains(answer.note()));
            assertTrue(shown, shown.contains(switch (mutuality) {
                case MUTUAL -> "It takes this node as its peer in turn";
                case PENDING -> "approves peers by hand";
                case ONE_SIDED -> "It does NOT take this node as its peer";
                case UNKNOWN -> "could not be asked";
            }));
        }
    }

    @Test
    public void peerListMarksPeersThatDoNotTakeThisNode() {
        PeerListCommand command = new PeerListCommand();
        command.peers = directory(List.of(peer(Mutuality.ONE_SIDED, "node x is not a peer of this node")));
        command.knownNodes = List::of;
        command.backlog = new PushBacklog() {
            @Override
            public Waiting waiting(String nodeId) {
                return new Waiting(12, 48 * 1024 + 1);
            }

            @Override
            public int announcementsWaiting(String nodeId) {
                return 3;
            }

            @Override
            public Backoff backoff(String nodeId) {
                return new Backoff(4, java.time.Duration.ofMillis(79_500));
            }
        };
        command.execute();
        String row = out.text().lines().filter(line -> line.contains("yid")).findFirst()
                .orElseThrow();
        assertTrue(row, row.contains("NO: node x is not a peer of this node"));
        assertTrue(row, row.contains("12 / 49 KiB + 3 ann."));
        assertTrue("did not answer 4 times in a row, tried again in 80 s: " + row, row.contains("4× / 80 s"));
        assertTrue("a peer stored without an origin is the administrator's: " + row, row.contains("ADMIN"));
        assertEquals("pending approval", PeerAnswers.takesThisNode(peer(Mutuality.PENDING, null)));
        assertEquals("yes", PeerAnswers.takesThisNode(peer(Mutuality.MUTUAL, null)));
    }

    @Test
    public void requestsAreListedApprovedAndRefused() throws Exception {
        requests.add(new PeerRequest("zid", "key", URI.create("http://z/"), "Z", List.of("market@1.0.0"),
                PeerRequest.State.PENDING, Instant.EPOCH, Instant.EPOCH, 3));
        requests.add(new PeerRequest("wid", "key", URI.create("http://w/"), "W", List.of(),
                PeerRequest.State.REFUSED, Instant.EPOCH, Instant.EPOCH, 1));
        PeerRequestsCommand list = new PeerRequestsCommand();
        list.peering = peering();
        list.execute();
        String shown = out.text();
        assertTrue(shown, shown.contains("zid") && shown.contains("pending") && shown.contains("refused"));

        PendingPeerRequestCompleter pending = new PendingPeerRequestCompleter();
        pending.peering = peering();
        List<String> candidates = new ArrayList<>();
        pending.complete(null, CommandLines.typing(""), candidates);
        assertEquals(List.of("zid"), candidates.stream().map(String::strip).toList());
        PeerRequestCompleter all = new PeerRequestCompleter();
        all.peering = peering();
        candidates.clear();
        all.complete(null, CommandLines.typing(""), candidates);
        assertEquals(List.of("wid", "zid"), candidates.stream().map(String::strip).sorted().toList());

        out.reset();
        answer = new PeerAddition(peer(Mutuality.MUTUAL, null), Mutuality.MUTUAL, "already a peer");
        PeerApproveCommand approve = new PeerApproveCommand();
        approve.peering = peering();
        approve.node = "zid";
        approve.execute();
        assertTrue(out.text().contains("It takes this node as its peer in turn"));

        out.reset();
        PeerRefuseCommand refuse = new PeerRefuseCommand();
        refuse.peering = peering();
        refuse.node = "zid";
        refuse.execute();
        assertTrue(out.text().contains("Request of node zid (Z) at http://z/ refused"));
        refuse.node = "nobody";
        assertThrows(IllegalArgumentException.class, refuse::execute);
    }

    private Peering peering() {
        return new Peering() {
            @Override
            public PeerAddition add(URI url) {
                assertEquals(URI.create("http://y:8281/"), url);
                return answer;
            }

            @Override
            public List<PeerRequest> requests() {
                return requests;
            }

            @Override
            public PeerAddition approve(String nodeIdOrUrl) {
                return answer;
            }

            @Override
            public PeerRequest refuse(String nodeIdOrUrl) {
                PeerRequest request = requests.stream().filter(r -> r.nodeId().equals(nodeIdOrUrl)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no request of " + nodeIdOrUrl));
                return new PeerRequest(request.nodeId(), request.publicKey(), request.url(), request.name(),
                        request.modules(), PeerRequest.State.REFUSED, request.firstAsked(), request.lastAsked(),
                        request.hellos());
            }
        };
    }

    private static PeerDirectory directory(List<Peer> peers) {
        return (PeerDirectory) java.lang.reflect.Proxy.newProxyInstance(PeerDirectory.class.getClassLoader(),
                new Class<?>[] {PeerDirectory.class}, (proxy, method, args) -> {
                    if ("list".equals(method.getName())) {
                        return peers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Peer peer(Mutuality mutuality, String note) {
        return new Peer(URI.create("http://y:8281/"), "yid", "key", "Y", List.of("market@1.0.0"), Instant.EPOCH,
                Instant.EPOCH, null, 0, 0, 0, null, mutuality, note);
    }
}
