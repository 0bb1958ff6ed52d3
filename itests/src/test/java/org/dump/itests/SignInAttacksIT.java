package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Commands;
import org.dump.itests.support.FromAddress;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The three attacks on sign-in of issue 22 (items 5, 6 and 7), each against one real node started from the
 * distribution with its default settings (256 MB heap, 19 MiB Argon2id): forty wrong sign-ins at once, guessing the
 * administrator's password, and one account signing in more times than the node keeps sessions. Attackers and
 * users come from different loopback addresses ({@link FromAddress}). Every assertion is about what the node
 * answers, never about how fast.
 */
public class SignInAttacksIT {

    /** The node's default cap on sessions in all (org.dump.web maxSessions), and a few more. */
    private static final int SIGN_INS_BEYOND_THE_CAP = 10_000 + 10;

    private static NodeDistribution distribution;
    private static NodeProcess node;
    private static String adminPassword;
    /** Opened before any attack, so that each test fails for its own attack only, whatever ran before it. */
    private static Api.Session adminSession;

    @BeforeClass
    public static void startOneNode() throws Exception {
        distribution = new NodeDistribution("sign-in-attacks");
        node = distribution.start("Target").get(0);
        adminPassword = node.adminPassword();
        adminSession = node.api().signIn("admin", adminPassword);
        Reply created = node.api().post("users").basic("admin", adminPassword)
                .json(Api.object("username", "mallory", "password", "mallory-password")).send();
        assertEquals(created.toString(), 201, created.status());
    }

    @AfterClass
    public static void stopIt() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * Item 5: forty concurrent sign-ins with made-up names, each from its own address (so no throttle is involved).
     * Each used to run a 19 MiB Argon2id at once: OutOfMemoryErrors and Jetty's HTML 500 pages naming them. Now
     * every answer is a JSON refusal (401, or 503 with Retry-After when no password hash became free in time), the
     * node answers GET /api/node meanwhile, and a user signs in afterwards.
     */
    @Test
    public void fortyConcurrentWrongSignInsAreRefusedInJsonAndTheNodeKeepsAnswering() throws Exception {
        int attackers = 40;
        ExecutorService threads = Executors.newFixedThreadPool(attackers + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean attacking = new AtomicBoolean(true);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < attackers; i++) {
                FromAddress from = new FromAddress("127.0.5." + (i + 1), node.http());
                String username = "made-up-" + i;
                replies.add(threads.submit(() -> {
                    go.await();
                    return from.signIn(username, "wrong password " + username);
                }));
            }
            Future<List<Integer>> nodeAnswers = threads.submit(() -> {
                go.await();
                List<Integer> statuses = new ArrayList<>();
                while (attacking.get() || statuses.isEmpty()) {
                    statuses.add(node.api().get("node").send().status());
                }
                return statuses;
            });
            go.countDown();
            List<String> refusals = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                refusals.add(assertJsonRefusal(reply.get(3, TimeUnit.MINUTES), Set.of(401, 503)));
            }
            attacking.set(false);
            List<Integer> statuses = nodeAnswers.get(3, TimeUnit.MINUTES);
            assertTrue("GET /api/node during the attack: " + statuses, statuses.stream().allMatch(s -> s == 200));
            System.out.println("Forty wrong sign-ins at once were answered " + refusals);
        } finally {
            attacking.set(false);
            threads.shutdownNow();
        }
        Reply user = new FromAddress("127.0.5.100", node.http()).signIn("mallory", "mallory-password");
        assertEquals(user.toString(), 200, user.status());
    }

    /**
     * Item 6: an attacker guesses the administrator's password from one address until refused. That used to lock
     * the account for everybody, the right password included, on the API, the console and the shell; and a made-up
     * name kept answering 401 where a real one got 429. Now the attacker's address answers alike for both names,
     * while the administrator signs in from another address, over REST (session and Basic) and over SSH.
     */
    @Test
    public void guessingLocksOutTheGuessersAddressAloneAndTellsNoAccountApart() throws Exception {
        FromAddress attacker = new FromAddress("127.0.6.1", node.http());
        List<Integer> forAdmin = new ArrayList<>();
        List<Integer> forMadeUp = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            forAdmin.add(attacker.signIn("admin", "guess-" + i).status());
            forMadeUp.add(attacker.signIn("nobody-of-that-name", "guess-" + i).status());
        }
        assertEquals("a real and a made-up name answer alike", forAdmin, forMadeUp);
        assertEquals("the guesser is refused in the end: " + forAdmin, 429, (int) forAdmin.get(forAdmin.size() - 1));
        Reply stillGuessing = attacker.signIn("admin", adminPassword);
        assertEquals("the right password from the guesser's address waits too", 429, stillGuessing.status());
        assertTrue(stillGuessing.header("Retry-After").isPresent());

        FromAddress administrator = new FromAddress("127.0.6.2", node.http());
        Reply session = administrator.signIn("admin", adminPassword);
        assertEquals(session.toString(), 200, session.status());
        Reply basic = administrator.send("GET", "session", Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8))), null);
        assertEquals(basic.toString(), 200, basic.status());
        assertEquals("admin", basic.json().path("username").asText());
        Commands.Result shell = distribution.client(node, "dump:status");
        assertEquals("the shell signs the administrator in (from 127.0.0.1): " + shell, 0, shell.exitCode());
    }

    /**
     * Item 7: one ordinary account signs in more times than the node keeps sessions in all. That used to end the
     * least recently used sessions of everybody, the administrator's included. Now only that account's own oldest
     * sessions end; the administrator's session goes on.
     */
    @Test
    public void oneAccountSigningInOverAndOverEndsNobodyElsesSession() throws Exception {
        Api api = node.api();
        Api.Session firstOfMallory = api.signIn("mallory", "mallory-password");

        AtomicInteger refused = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < SIGN_INS_BEYOND_THE_CAP / 4; i++) {
                        Reply reply = api.post("session")
                                .json(Api.object("username", "mallory", "password", "mallory-password")).send();
                        if (reply.status() != 200) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> done : work) {
                done.get(10, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals("mallory's sign-ins were refused", 0, refused.get());
        Reply stillSignedIn = api.get("session").cookie(adminSession).send();
        assertEquals("the administrator is still signed in: " + stillSignedIn, 200, stillSignedIn.status());
        assertEquals("admin", stillSignedIn.json().path("username").asText());
        Reply profile = api.get("me/profile").session(adminSession).send();
        assertEquals(profile.toString(), 200, profile.status());
        assertFalse("mallory's own oldest session ended",
                api.get("session").cookie(firstOfMallory).send().status() == 200);
    }

    /** @return "status" of a refusal that is JSON, names no Java error and has Retry-After when it is a 503 */
    private static String assertJsonRefusal(Reply reply, Set<Integer> allowed) {
        assertTrue(reply.toString(), allowed.contains(reply.status()));
        assertTrue(reply.toString(), reply.header("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(reply.toString(), reply.status(), reply.json().path("status").asInt());
        assertFalse(reply.toString(), reply.text().contains("Error") && reply.text().contains("java"));
        if (reply.status() == 503) {
            assertTrue(reply.toString(), reply.header("Retry-After").isPresent());
        }
        return Integer.toString(reply.status());
    }
}
