package org.dump.itests.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Federation settings of a node changed as its administrator does (bin/client, config:property-set), and waited
 * for: Configuration Admin applies them some time after the command returns, and a changed PeerLimits starts anew.
 */
public final class FederationSettings {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final NodeSteps steps;
    private final NodeProcess node;

    public FederationSettings(NodeSteps steps, NodeProcess node) {
        this.steps = steps;
        this.node = node;
    }

    /**
     * Sets acceptPeers ({@code org.dump.federation}), then waits until a hello naming a front door that answers
     * 500 gets {@code probeStatus}: 403 with none (refused unread), 400 with auto (read and found wanting). Gives up
     * waiting after a while without failing: the test's own assertions tell what the node does.
     */
    public void acceptPeers(String mode, int probeStatus) throws Exception {
        steps.shell(node, "config:property-set -p org.dump.federation acceptPeers " + mode);
        try (FakePeer probe = new FakePeer("probe")) {
            probe.answer("/api/node", (exchange, body) -> FakePeer.json(exchange, 500, Map.of()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (probe.hello(URI.create(node.url())).statusCode() != probeStatus && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
        // The probe's hellos come from 127.0.0.1 like every fake peer's, and share one hello allowance (a bucket of
        // two seconds' worth, PeerLimits): a test that spent it, then probed until it got through, leaves it empty
        // for the next test's hello unless it fills again first.
        Thread.sleep(2000);
    }

    /**
     * Sets requestsPerSecond ({@code org.dump.federation.limits}) and waits until {@code probe}, a peer, is told
     * that limit in a 429 to its peer exchange requests.
     */
    public void requestsPerSecond(int rate, FakePeer probe) throws Exception {
        steps.shell(node, "config:property-set -p org.dump.federation.limits requestsPerSecond " + rate);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String wanted = "more than " + rate + " requests per second";
        HttpResponse<String> answer;
        do {
            answer = probe.post(URI.create(node.url()), "federation/peers", "{}".getBytes());
        } while (!(answer.statusCode() == 429 && answer.body().contains(wanted)) && System.nanoTime() < deadline);
    }

    /**
     * Removes requestsPerSecond, back to its default (50), and waits until {@code probe}, a peer whose allowance
     * is not spent, sends 12 peer exchange requests in a row without a 429 (the default allows 100 at once).
     */
    public void defaultRequestsPerSecond(FakePeer probe) throws Exception {
        steps.shell(node, "config:property-delete -p org.dump.federation.limits requestsPerSecond");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean limited = false;
            for (int i = 0; i < 12 && !limited; i++) {
                limited = probe.post(URI.create(node.url()), "federation/peers", "{}".getBytes()).statusCode() == 429;
            }
            if (!limited) {
                return;
            }
            Thread.sleep(500);
        }
    }
}
