package org.dump.itests;

import static org.dump.itests.CrashConsistencyIT.a;
import static org.dump.itests.CrashConsistencyIT.b;
import static org.dump.itests.CrashConsistencyIT.crashes;
import static org.dump.itests.CrashConsistencyIT.steps;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Crashes;
import org.dump.itests.support.NetworkCensus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The consent part of {@link CrashConsistencyIT}. Each round a new user of B asks Olga of A for her profile; Olga
 * accepts and, every other round, revokes at once, while A is killed. After the restart an accept or revoke that A
 * acknowledged holds, and B comes to agree with A: it shows Olga's profile to the asker exactly when A says granted.
 */
final class CrashDuringConsent {

    private static final String OWNER = "olga";

    void run() throws Exception {
        steps.createUser(a, OWNER, "Olga Ladyzhenskaya", "olga@example.org");
        String listing = steps.list(a, OWNER, "Olga's kettle", 30).path("id").asText();
        List<String> outcomes = new ArrayList<>();
        for (int k = 0; k < CrashConsistencyIT.KILLS; k++) {
            String asker = "asker-" + k + "-" + System.nanoTime() % 100_000;
            steps.createUser(b, asker, "Asker " + k, asker + "@example.org");
            steps.awaitListing(b, listing, asker, "Olga's kettle");
            Reply asked = b.api().post("me/profile-requests").basic(asker, asker + "-password")
                    .json(Api.object("module", "market", "recordId", listing)).send();
            assertEquals(asked.toString(), 201, asked.status());
            String incoming = awaitIncoming(asker).path("id").asText();

            boolean revoke = k % 2 == 1;
            CompletableFuture<String> answered = CompletableFuture.supplyAsync(() -> answer(incoming, revoke));
            crashes.killWithin(a, 0, 800);
            String acknowledged = answered.join();
            crashes.restart(a);
            String state = stateOnA(asker);
            if (acknowledged.equals("revoked")) {
                assertEquals("A acknowledged the revocation", "revoked", state);
            } else if (acknowledged.equals("granted")) {
                assertNotEquals("A acknowledged the grant", "pending", state);
            }
            awaitAgreement(asker, state);
            outcomes.add(state + (acknowledged.isEmpty() ? "" : " (" + acknowledged + " acknowledged)"));
        }
        Crashes.report("profile grant and revoke", outcomes.size() + " kills, states after restart: " + outcomes);
    }

    /** Accepts, and revokes if asked to; @return the last state A acknowledged, or "" if none */
    private static String answer(String incoming, boolean revoke) {
        String acknowledged = "";
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(300));
            if (post(incoming, "accept") / 100 == 2) {
                acknowledged = "granted";
                if (revoke && post(incoming, "revoke") / 100 == 2) {
                    acknowledged = "revoked";
                }
            }
        } catch (RuntimeException | InterruptedException killedMeanwhile) {
            // the node died during the call: nothing more was acknowledged
        }
        return acknowledged;
    }

    private static int post(String incoming, String what) {
        return a.api().post("me/profile-requests/incoming/" + incoming + "/" + what)
                .basic(OWNER, OWNER + "-password").send().status();
    }

    /** @return the request of {@code asker} as Olga sees it on A, once it arrived */
    private static JsonNode awaitIncoming(String asker) throws Exception {
        NetworkCensus.await("A has the request of " + asker, CrashConsistencyIT.PATIENCE,
                () -> requestOf(asker) != null, a::logTail);
        return requestOf(asker);
    }

    private static String stateOnA(String asker) throws Exception {
        return awaitIncoming(asker).path("state").asText();
    }

    private static JsonNode requestOf(String asker) {
        Reply reply = a.api().get("me/profile-requests/incoming").basic(OWNER, OWNER + "-password").send();
        if (reply.status() != 200) {
            return null;
        }
        for (JsonNode request : reply.json().path("requests")) {
            if (request.path("asker").path("username").asText().equals(asker)) {
                return request;
            }
        }
        return null;
    }

    /** Waits until B tells {@code asker} the state A holds, and shows Olga's profile exactly when it is granted. */
    private static void awaitAgreement(String asker, String state) throws Exception {
        NetworkCensus.await(asker + "'s request is " + state + " on B too", CrashConsistencyIT.PATIENCE, () -> {
            Reply mine = b.api().get("me/profile-requests").basic(asker, asker + "-password").send();
            Reply granted = b.api().get("me/granted-profiles").basic(asker, asker + "-password").send();
            return mine.status() == 200 && granted.status() == 200
                    && mine.json().path("requests").path(0).path("state").asText().equals(state)
                    && granted.json().path("profiles").size() == (state.equals("granted") ? 1 : 0);
        }, () -> "B: " + b.api().get("me/profile-requests").basic(asker, asker + "-password").send().text());
    }
}
