package org.dump.itests.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import org.dump.itests.support.Api.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What people do on nodes in the multi-node tests, done as they would: an administrator installs the market from
 * the shell, makes accounts and peers; users read listings through the REST API. Users' passwords are their
 * names followed by {@code -password}.
 */
public final class NodeSteps {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final NodeDistribution distribution;

    public NodeSteps(NodeDistribution distribution) {
        this.distribution = distribution;
    }

    /** Runs a command in the node's shell (bin/client) that must succeed, and returns what it printed. */
    public String shell(NodeProcess node, String command) throws Exception {
        Commands.Result result = distribution.client(node, command);
        assertEquals(result.toString(), 0, result.exitCode());
        assertFalse(result.toString(), result.output().contains("Error executing command"));
        return result.output();
    }

    /** Waits until the node's log has a line containing {@code text}, and returns that line. */
    public String awaitLog(NodeProcess node, String text, Duration patience) throws Exception {
        Path log = node.dir().resolve("data/log/karaf.log");
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            if (Files.isRegularFile(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(node.name() + " never logged '" + text + "'\n" + node.logTail());
    }

    /**
     * Installs the market as the docs tell an admin to ({@code dump:module-install market}: the distribution ships it)
     * and waits until its resource answers {@code user}.
     */
    public void installMarket(NodeProcess node, String user) throws Exception {
        Commands.Result installed = distribution.client(node, "dump:module-install market");
        assertEquals(installed.toString(), 0, installed.exitCode());
        assertTrue(installed.toString(), installed.output().contains("Installed and started"));
        awaitStatus(node, "modules/market/listings", user, 200);
    }

    /** Makes an account (if it is not there yet) whose password is {@code user-password}. */
    public void createUser(NodeProcess node, String user, String displayName, String email) throws Exception {
        Reply created = node.api().post("users").basic("admin", node.adminPassword())
                .json(Api.object("username", user, "password", user + "-password", "displayName", displayName,
                        "email", email)).send();
        assertTrue(created.toString(), created.status() == 201 || created.status() == 409);
    }

    /**
     * Links {@code a} and {@code b} as the docs tell an admin to: {@code dump:peer-add} on {@code a} alone, which asks
     * {@code b} to take {@code a} in turn; asserts that it did.
     */
    public void makePeers(NodeProcess a, NodeProcess b) throws Exception {
        Commands.Result added = distribution.client(a, "dump:peer-add " + b.url());
        assertEquals(added.toString(), 0, added.exitCode());
        assertTrue(added.toString(), added.output().contains("It takes this node as its peer in turn"));
    }

    /** Writes a listing as {@code user} and returns the node's answer (201 asserted). */
    public JsonNode list(NodeProcess node, String user, String title, double price) {
        return list(node, user, title, price, "market");
    }

    /** Writes a listing as {@code user} in {@code module} (a market) and returns the node's answer (201 asserted). */
    public JsonNode list(NodeProcess node, String user, String title, double price, String module) {
        Reply listed = node.api().post("modules/" + module + "/listings").basic(user, user + "-password")
                .json(Api.object("title", title, "price", price, "currency", "EUR")).send();
        assertEquals(listed.toString(), 201, listed.status());
        return listed.json();
    }

    /** Waits until {@code path} answers {@code user} with {@code status}. */
    public void awaitStatus(NodeProcess node, String path, String user, int status) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Reply reply;
        do {
            reply = node.api().get(path).basic(user, user + "-password").send();
            if (reply.status() == status) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail(node.name() + " answered " + reply + " for " + path + ", not " + status + "\n" + node.logTail());
    }

    /**
     * Waits until {@code GET path} as {@code user} answers something that {@code wanted} accepts, and returns that
     * answer.
     */
    public Reply awaitReply(NodeProcess node, String path, String user, Predicate<Reply> wanted)
            throws InterruptedException {
        return awaitReply(node, path, user, wanted, PATIENCE);
    }

    /** As {@link #awaitReply(NodeProcess, String, String, Predicate)}, waiting as long as {@code patience}. */
    public Reply awaitReply(NodeProcess node, String path, String user, Predicate<Reply> wanted, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Reply reply;
        do {
            reply = node.api().get(path).basic(user, user + "-password").send();
            if (wanted.test(reply)) {
                return reply;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(node.name() + " never gave " + user + " the expected answer for " + path + "; last: "
                + reply + "\n" + node.logTail() + "\n" + node.threadDump());
    }

    /** Waits until {@code user} sees listing {@code id} titled {@code title} on {@code node}, and returns it. */
    public JsonNode awaitListing(NodeProcess node, String id, String user, String title) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Reply reply;
        do {
            reply = node.api().get("modules/market/listings/" + id).basic(user, user + "-password").send();
            if (reply.status() == 200 && reply.json().path("title").asText().equals(title)) {
                return reply.json();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(node.name() + " never showed listing " + id + " as '" + title + "': " + reply + "\n"
                + node.logTail());
    }

    /**
     * Starts one new node named {@code name} with an account {@code user} (display name {@code displayName}) and the
     * market installed, and returns it.
     */
    public NodeProcess startWithTheMarket(String name, String user, String displayName) throws Exception {
        NodeProcess node = distribution.start(name).get(0);
        createUser(node, user, displayName, user + "@example.org");
        installMarket(node, user);
        return node;
    }
}
