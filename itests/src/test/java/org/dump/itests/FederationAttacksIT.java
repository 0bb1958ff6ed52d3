package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import org.dump.itests.support.Api;
import org.dump.itests.support.FakePeer;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one hostile peer can do to a real node (issue 22): a {@link FakePeer}, written from docs/protocol.md, says
 * hello to a brand-new node running the market, is taken as its peer the way any node is, and then lies.
 */
public class FederationAttacksIT {

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess x;

    @BeforeClass
    public static void startANodeRunningTheMarket() throws Exception {
        distribution = new NodeDistribution("attacks");
        steps = new NodeSteps(distribution);
        x = distribution.start("X").get(0);
        steps.createUser(x, "xena", "Xena", "xena@example.org");
        steps.installMarket(x, "xena");
    }

    @AfterClass
    public static void stopTheNode() {
        if (distribution != null) {
            distribution.close();
        }
    }

    private static URI node() {
        return URI.create(x.url());
    }

    /** The fake peer is a faithful one as far as the protocol goes: taken by its hello, its records are stored. */
    @Test
    public void aFakePeerThatFollowsTheProtocolIsTakenAndItsListingIsStored() throws Exception {
        try (FakePeer fake = new FakePeer("honest")) {
            HttpResponse<String> hello = fake.hello(node());
            assertEquals(hello.body(), 200, hello.statusCode());
            assertEquals(hello.body(), "taken", Api.JSON.readTree(hello.body()).path("outcome").asText());
            String id = FakePeer.newRecordId();
            HttpResponse<String> pushed = fake.push(node(), List.of(fake.record("listing", id, 1,
                    "{\"currency\":\"EUR\",\"price\":7.5,\"title\":\"Wool socks\"}")));
            assertEquals(pushed.body(), 200, pushed.statusCode());
            JsonNode answer = Api.JSON.readTree(pushed.body());
            assertEquals(pushed.body(), 1, answer.path("stored").asInt());
            var listing = x.api().get("modules/market/listings/" + id).basic("xena", "xena-password").send();
            assertEquals(listing.toString(), 200, listing.status());
            assertTrue(listing.toString(), listing.json().path("title").asText().equals("Wool socks"));
        }
    }
}
