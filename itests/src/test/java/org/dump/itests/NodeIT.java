package org.dump.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Commands;
import org.dump.itests.support.ExamNode;
import org.dump.itests.support.Images;
import org.dump.node.account.AccountService;
import org.dump.node.account.Avatar;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.status.NodeStatus;
import org.dump.node.status.NodeStatusReport;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The node distribution booted by Pax Exam (our tar.gz, not a stock Karaf), once for this class, on free ports.
 * The tests run inside the node and talk to it as its users do: over real HTTP on the loopback interface, through
 * the Karaf shell and through the real bin/client process. Every refused request is checked twice: for its status,
 * and for the stored data being what it was before.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeIT {

    private static final String VERSION = ExamNode.VERSION;
    private static final Duration STARTUP = ExamNode.STARTUP;
    /** X.509 SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410); the raw 32 bytes follow. */
    private static final byte[] ED25519_X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
            0x21, 0x00};

    @Inject
    private BundleContext context;

    @Inject
    private NodeIdentity identity;

    @Inject
    private AccountService accounts;

    @Inject
    private ProfileService profiles;

    @Inject
    private NodeStatus status;

    @Inject
    private SessionFactory sessionFactory;

    private Api api;
    private String adminPassword;

    /** Runs in the test driver's JVM: values reach the node as system properties. */
    @Configuration
    public Option[] configuration() {
        return ExamNode.options();
    }

    @Before
    public void nodeIsUp() throws Exception {
        api = new Api(httpPort());
        api.awaitNode(STARTUP);
        adminPassword = initialAdminPassword();
    }

    // ---------------------------------------------------------------------------------------------------- identity

    @Test
    public void nodeEndpointTellsWhoTheNodeIs() throws Exception {
        Reply reply = api.get("node").send();
        assertEquals(reply.toString(), 200, reply.status());
        assertJsonType(reply);
        JsonNode node = reply.json();
        assertEquals("a public endpoint shows exactly these fields", Set.of("id", "publicKey", "name", "version",
                "protocol", "publicBaseUrl", "modules", "reachability", "relay"), fieldNames(node));
        assertEquals("the federation protocol it speaks", 4, node.path("protocol").asInt());
        assertFalse("relaying is off by default", node.path("relay").path("offered").asBoolean(true));
        JsonNode reachability = node.path("reachability");
        assertTrue(reachability.toString(), Set.of("unknown", "direct", "relayed", "unreachable")
                .contains(reachability.path("mode").asText()));
        String address = reachability.path("address").asText();
        byte[] statement = ("dump-address\n" + identity.id() + "\n" + address + "\n"
                + reachability.path("issued").asLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue("the node signs the address it is reached at", identity.publicKey().verify(statement,
                Base64.getDecoder().decode(reachability.path("addressSignature").asText())));

        assertEquals(identity.id(), node.path("id").asText());
        assertEquals(identity.publicKey().base64(), node.path("publicKey").asText());
        byte[] rawKey = Base64.getDecoder().decode(node.path("publicKey").asText());
        assertEquals(32, rawKey.length);
        // The id is the fingerprint of the key served beside it: SHA-256, first 160 bits, lower-case base32.
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawKey);
        assertEquals(base32(Arrays.copyOf(digest, 20)), node.path("id").asText());
        // The served key is the one the node signs with: the JDK's own Ed25519 checks a signature made by the node.
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(ED25519_X509_PREFIX,
                rawKey)));
        byte[] message = ("itests " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] signature = identity.sign(message);
        assertTrue("the node's signature verifies with the served key", verify(key, message, signature));
        assertFalse("and only for the message signed", verify(key, "another message".getBytes(StandardCharsets.UTF_8),
                signature));

        assertEquals("no name configured: node- and the id's first 8 characters",
                "node-" + identity.id().substring(0, 8), node.path("name").asText());
        assertEquals(System.getProperty(VERSION), node.path("version").asText());
        assertEquals("http://localhost:" + httpPort() + "/", node.path("publicBaseUrl").asText());
        assertTrue(node.path("modules").isArray());
        assertEquals(0, node.path("modules").size());

        // The key and the initial password are readable by the node's owner only.
        Path data = Path.of(System.getProperty("karaf.data"), "dump");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("node.key"))));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("initial-admin-password"))));
    }

    @Test
    public void nodeIdSurvivesARestartOfTheNodeBundle() throws Exception {
        String idBefore = api.get("node").send().json().path("id").asText();
        assertEquals(identity.id(), idBefore);
        Path keyFile = Path.of(System.getProperty("karaf.data"), "dump", "node.key");
        byte[] keyBefore = Files.readAllBytes(keyFile);

        Bundle node = bundle("org.dump.node");
        node.stop();
        try {
            assertEquals(Bundle.RESOLVED, node.getState());
            // The API is served whole or not at all: without the node's services it goes away (the HTTP
            // whiteboard may take a moment to drop the servlet).
            Reply during = api.get("node").send();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (during.status() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                during = api.get("node").send();
            }
            assertNotEquals("without the node bundle the API is not served: " + during, 200, during.status());
        } finally {
            node.start();
        }
        assertEquals(Bundle.ACTIVE, node.getState());

        JsonNode after = api.awaitNode(Duration.ofSeconds(60));
        assertEquals("the same node id after the restart", idBefore, after.path("id").asText());
        assertEquals(identity.publicKey().base64(), after.path("publicKey").asText());
        NodeIdentity restarted = awaitService(NodeIdentity.class);
        assertNotSame("a new NodeIdentity service after the restart", identity, restarted);
        assertEquals(idBefore, restarted.id());
        assertArrayEquals("the key file is untouched", keyBefore, Files.readAllBytes(keyFile));
        // Accounts and the shell are back too.
        Reply users = api.get("users").basic("admin", adminPassword).send();
        assertEquals(users.toString(), 200, users.status());
        assertTrue(shell("dump:status").contains(idBefore));
    }

    @Test
    public void portsAreTheFreeOnesPickedNotTheDefaults() {
        NodeStatusReport report = status.report();
        assertEquals(httpPort(), report.httpPort());
        assertEquals(sshPort(), report.sshPort());
        for (int port : new int[] {report.rmiRegistryPort(), report.rmiServerPort()}) {
            assertTrue("RMI port " + port + " is known", port > 0);
            assertFalse("RMI port " + port + " is not a default one", port == 1099 || port == 44444);
        }
        assertNotEquals(report.rmiRegistryPort(), report.rmiServerPort());
    }

    // ---------------------------------------------------------------------------------------------------- accounts

    @Test
    public void accountsAreManagedOverRestAndThroughTheShell() throws Exception {
        // Over REST.
        Reply created = createUser("alice", "alice-secret-1", "Alice Liddell", "alice@example.org");
        // Location names the new account on this node. (CXF writes a request's host 127.0.0.1 as "localhost".)
        URI location = URI.create(created.header("Location").orElseThrow(() -> new AssertionError("no Location")));
        assertEquals("/api/users/alice", location.getPath());
        assertEquals(httpPort(), location.getPort());
        assertTrue(location.toString(), Set.of("127.0.0.1", "localhost").contains(location.getHost()));
        JsonNode alice = created.json();
        assertEquals("alice", alice.path("username").asText());
        assertEquals(List.of("user"), strings(alice.path("roles")));
        assertEquals("Alice Liddell", alice.path("displayName").asText());
        assertEquals("alice@example.org", alice.path("email").asText());
        assertFalse(alice.has("password"));
        assertFalse(alice.has("passwordHash"));
        Reply fetched = api.get("users/alice").basic("admin", adminPassword).send();
        assertEquals(fetched.toString(), 200, fetched.status());
        assertEquals(alice, fetched.json());
        assertEquals(200, api.get("me/profile").basic("alice", "alice-secret-1").send().status());

        // Through the shell.
        String added = shell("dump:user-add -n \"Bob Builder\" -e bob@example.org -p bob-secret-12 bob");
        assertTrue(added, added.contains("Created account 'bob' with roles user."));
        String addedAdmin = shell("dump:user-add --admin -p carla-secret-1 Carla");
        assertTrue(addedAdmin, addedAdmin.contains("Created account 'carla' with roles admin, user."));
        try {
            JsonNode bob = api.get("users/bob").basic("admin", adminPassword).send().json();
            assertEquals("Bob Builder", bob.path("displayName").asText());
            assertEquals("bob@example.org", bob.path("email").asText());
            assertEquals(200, api.get("me/profile").basic("bob", "bob-secret-12").send().status());
            // An administrator made in the shell is one over REST too, under the lower-cased name.
            assertEquals(200, api.get("users").basic("carla", "carla-secret-1").send().status());

            String list = shell("dump:user-list");
            assertTrue(list, rowOf(list, "alice").contains("Alice Liddell"));
            assertTrue(list, rowOf(list, "bob").contains("Bob Builder"));
            assertTrue(list, rowOf(list, "bob").contains("bob@example.org"));
            assertTrue(list, rowOf(list, "carla").contains("admin, user"));
            assertTrue(list, rowOf(list, "admin").contains("admin, user"));

            JsonNode page = api.get("users").basic("admin", adminPassword).send().json();
            Set<String> listed = new HashSet<>();
            page.path("users").forEach(user -> listed.add(user.path("username").asText()));
            assertTrue(listed.toString(), listed.containsAll(Set.of("admin", "alice", "bob", "carla")));
            assertEquals(accounts.count(), page.path("total").asLong());
        } finally {
            shell("dump:user-remove carla");
        }

        String removed = shell("dump:user-remove bob");
        assertTrue(removed, removed.contains("Removed account 'bob'"));
        assertFalse(shell("dump:user-list").contains("bob@example.org"));
        assertError(api.get("users/bob").basic("admin", adminPassword).send(), 404);
        assertError(api.get("me/profile").basic("bob", "bob-secret-12").send(), 401);
        assertTrue(accounts.find("bob").isEmpty());
        Exception unknown = assertThrows(Exception.class, () -> shell("dump:user-remove bob"));
        assertTrue(unknown.toString(), String.valueOf(unknown.getMessage()).contains("no account named 'bob'"));

        Reply deleted = api.delete("users/alice").basic("admin", adminPassword).send();
        assertEquals(deleted.toString(), 204, deleted.status());
        assertError(api.get("users/alice").basic("admin", adminPassword).send(), 404);
        assertError(api.delete("users/alice").basic("admin", adminPassword).send(), 404);
        assertFalse(shell("dump:user-list").contains("alice"));
    }

    @Test
    public void duplicateUsernameIsRefusedAndTheFirstAccountIsKept() throws Exception {
        createUser("dave", "dave-first-pw", "Dave First", "dave@example.org");
        long count = accounts.count();

        assertError(api.post("users").basic("admin", adminPassword)
                .json(Api.object("username", "dave", "password", "dave-second-pw", "displayName", "Dave Second"))
                .send(), 409);
        assertError(api.post("users").basic("admin", adminPassword)
                .json(Api.object("username", "DAVE", "password", "dave-third-pw", "roles", List.of("admin")))
                .send(), 409);
        Exception shellDuplicate = assertThrows(Exception.class,
                () -> shell("dump:user-add -p dave-fourth-pw -n Intruder dave"));
        assertTrue(shellDuplicate.toString(), shellDuplicate.getMessage().contains("dave"));

        assertEquals(count, accounts.count());
        assertEquals("the first password still signs in", 200,
                api.get("me/profile").basic("dave", "dave-first-pw").send().status());
        for (String other : List.of("dave-second-pw", "dave-third-pw", "dave-fourth-pw")) {
            assertError(api.post("session").json(Api.object("username", "dave", "password", other)).send(), 401);
        }
        JsonNode dave = api.get("users/dave").basic("admin", adminPassword).send().json();
        assertEquals(List.of("user"), strings(dave.path("roles")));
        assertEquals("Dave First", dave.path("displayName").asText());
        assertEquals("dave@example.org", dave.path("email").asText());
    }

    @Test
    public void invalidNewAccountsAreRefusedAndNothingIsStored() throws Exception {
        long count = accounts.count();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"username\": \"erin\", \"password\": ", null);                       // malformed JSON
        refused.put("[\"erin\", \"erin-secret-1\"]", null);                                // not an object
        refused.put("", "body");                                                          // no body at all
        refused.put(Api.object("password", "erin-secret-1"), "username");                 // missing field
        refused.put(Api.object("username", "erin"), "password");                          // missing field
        refused.put(Api.object("username", "erin", "password", "short"), "password");     // too short
        refused.put(Api.object("username", "e rin", "password", "erin-secret-1"), "username");
        refused.put(Api.object("username", "erin", "password", "erin-secret-1", "email", "not-an-address"), "email");
        refused.put(Api.object("username", "erin", "password", "erin-secret-1", "roles", List.of("root")), "roles");
        refused.put(Api.object("username", "erin", "password", "erin-secret-1", "nickname", "E"), "nickname");
        for (Map.Entry<String, String> body : refused.entrySet()) {
            Reply reply = api.post("users").basic("admin", adminPassword).json(body.getKey()).send();
            JsonNode error = assertError(reply, 400);
            if (body.getValue() != null) {
                assertEquals("field named for " + body.getKey() + ": " + reply, body.getValue(),
                        error.path("field").asText(null));
            }
        }
        assertError(api.post("users").basic("admin", adminPassword)
                .body("username=erin&password=erin-secret-1".getBytes(StandardCharsets.UTF_8),
                        "application/x-www-form-urlencoded").send(), 415);

        assertEquals("nothing was stored", count, accounts.count());
        assertTrue(accounts.find("erin").isEmpty());
        assertTrue(accounts.find("e rin").isEmpty());
        assertError(api.get("users/erin").basic("admin", adminPassword).send(), 404);
    }

    @Test
    public void nonAdministratorsCannotManageAccounts() throws Exception {
        createUser("frank", "frank-secret-1", "Frank", null);
        long count = accounts.count();

        Reply anonymous = api.get("users").send();
        assertError(anonymous, 401);
        assertTrue(anonymous.header("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertError(api.get("users").basic("frank", "frank-secret-1").send(), 403);
        assertError(api.get("users/admin").basic("frank", "frank-secret-1").send(), 403);
        assertError(api.get("admin/status").basic("frank", "frank-secret-1").send(), 403);
        assertError(api.post("users").basic("frank", "frank-secret-1")
                .json(Api.object("username", "frankie", "password", "frankie-secret", "roles", List.of("admin")))
                .send(), 403);
        assertError(api.delete("users/admin").basic("frank", "frank-secret-1").send(), 403);

        assertEquals(count, accounts.count());
        assertTrue(accounts.find("frankie").isEmpty());
        assertTrue(accounts.find("admin").orElseThrow().isAdmin());
        Reply adminStatus = api.get("admin/status").basic("admin", adminPassword).send();
        assertEquals(adminStatus.toString(), 200, adminStatus.status());
        assertEquals(identity.id(), adminStatus.json().path("id").asText());
    }

    @Test
    public void theLastAdministratorCannotBeRemoved() throws Exception {
        assertEquals("precondition: admin is the only administrator", 1, status.report().administrators());
        assertError(api.delete("users/admin").basic("admin", adminPassword).send(), 409);
        Exception shellRefusal = assertThrows(Exception.class, () -> shell("dump:user-remove admin"));
        assertNotNull(shellRefusal.getMessage());
        assertTrue(accounts.find("admin").isPresent());
        assertEquals(200, api.get("users").basic("admin", adminPassword).send().status());
    }

    // ---------------------------------------------------------------------------------------------------- sign-in

    @Test
    public void signInOpensASessionWhoseChangesNeedTheCsrfToken() throws Exception {
        createUser("grace", "grace-secret-1", "Grace", null);
        Api.Session session = api.signIn("grace", "grace-secret-1");
        String cookie = session.setCookie();
        assertTrue(cookie, cookie.contains("HttpOnly"));
        assertTrue(cookie, cookie.contains("SameSite=Strict"));
        assertTrue(cookie, cookie.contains("Path=/"));
        assertFalse(session.token().isEmpty());
        assertTrue("a CSRF token is returned", session.csrfToken() != null && session.csrfToken().length() >= 16);
        assertNotEquals(session.token(), session.csrfToken());

        JsonNode who = api.get("session").cookie(session).send().json();
        assertEquals("grace", who.path("username").asText());
        assertEquals("session", who.path("authentication").asText());
        assertEquals(session.csrfToken(), who.path("csrfToken").asText());
        Reply read = api.get("me/profile").cookie(session).send();
        assertEquals("reading needs no token: " + read, 200, read.status());
        Profile before = profiles.get("grace");

        String change = Api.object("displayName", "Grace Hopper", "email", "grace@example.org", "bio", "COBOL");
        assertError(api.put("me/profile").cookie(session).json(change).send(), 403);
        assertError(api.put("me/profile").cookie(session).header(Api.CSRF_HEADER, "forged-token").json(change).send(),
                403);
        assertError(api.put("me/avatar").cookie(session).body(Images.png(16, Color.RED), "image/png").send(), 403);
        assertError(api.delete("session").cookie(session).send(), 403);
        assertEquals("refused changes left the profile alone", before, profiles.get("grace"));
        assertTrue(profiles.avatar("grace").isEmpty());

        Reply changed = api.put("me/profile").session(session).json(change).send();
        assertEquals(changed.toString(), 200, changed.status());
        assertEquals("Grace Hopper", api.get("me/profile").cookie(session).send().json().path("displayName").asText());

        Reply signedOut = api.delete("session").session(session).send();
        assertEquals(signedOut.toString(), 204, signedOut.status());
        assertTrue(signedOut.cookie(Api.SESSION_COOKIE).orElse("").contains("Max-Age=0"));
        assertError(api.get("me/profile").cookie(session).send(), 401);
        assertError(api.put("me/profile").session(session).json(Api.object("displayName", "Ghost")).send(), 401);
        assertEquals("Grace Hopper", profiles.get("grace").displayName());
    }

    @Test
    public void wrongCredentialsAreRefused() throws Exception {
        createUser("heidi", "heidi-secret-1", "Heidi", null);

        Reply wrongPassword = api.post("session").json(Api.object("username", "heidi", "password", "heidi-wrong")).send();
        assertError(wrongPassword, 401);
        assertTrue(wrongPassword.header("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue("no session for a wrong password", wrongPassword.cookie(Api.SESSION_COOKIE).isEmpty());
        assertError(api.post("session").json(Api.object("username", "nobody", "password", "heidi-secret-1")).send(),
                401);
        Reply wrongBasic = api.get("me/profile").basic("heidi", "heidi-wrong").send();
        assertError(wrongBasic, 401);
        assertTrue(wrongBasic.header("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertError(api.get("me/profile").header("Authorization", "Bearer abc").send(), 401);
        assertError(api.post("session").json("{\"username\": \"heidi\"").send(), 400);

        assertEquals("the right password still works", "heidi",
                api.signIn("heidi", "heidi-secret-1").username());
        assertEquals(200, api.get("me/profile").basic("heidi", "heidi-secret-1").send().status());
    }

    /**
     * openapi.json: SignIn requires username and password, PasswordChange currentPassword and newPassword; a missing
     * field is a 400 whose {@code field} names it, as the request calls it.
     */
    @Test
    public void missingOrBadFieldsOfSignInAndPasswordChangeAreBadRequestsNamingTheField() {
        createUser("nora", "nora-secret-1", "Nora", null);
        assertEquals("password", assertError(api.post("session").json(Api.object("username", "nora")).send(), 400)
                .path("field").asText(null));
        assertEquals("username", assertError(api.post("session").json(Api.object("password", "nora-secret-1"))
                .send(), 400).path("field").asText(null));
        assertEquals("currentPassword", assertError(api.put("me/password").basic("nora", "nora-secret-1")
                .json(Api.object("newPassword", "nora-secret-2")).send(), 400).path("field").asText(null));
        assertEquals("newPassword", assertError(api.put("me/password").basic("nora", "nora-secret-1")
                .json(Api.object("currentPassword", "nora-secret-1", "newPassword", "short")).send(), 400)
                .path("field").asText(null));
        assertEquals(200, api.get("me/profile").basic("nora", "nora-secret-1").send().status());
    }

    @Test
    public void passwordChangeNeedsTheCurrentPasswordAndRefusedChangesKeepTheOldOne() throws Exception {
        createUser("mike", "mike-secret-1", "Mike", null);
        Api.Session session = api.signIn("mike", "mike-secret-1");

        assertError(api.put("me/password").basic("mike", "mike-secret-1")
                .json(Api.object("currentPassword", "not-my-password", "newPassword", "mike-secret-2")).send(), 403);
        assertError(api.put("me/password").basic("mike", "mike-secret-1")
                .json(Api.object("currentPassword", "mike-secret-1", "newPassword", "short")).send(), 400);
        assertError(api.put("me/password").basic("mike", "mike-secret-1")
                .json("{\"currentPassword\": \"mike-secret-1\", ").send(), 400);
        assertError(api.put("me/password").basic("mike", "mike-secret-1")
                .json(Api.object("currentPassword", "mike-secret-1", "newPassword", "mike-secret-2", "hint", "2"))
                .send(), 400);
        assertError(api.put("me/password").cookie(session)
                .json(Api.object("currentPassword", "mike-secret-1", "newPassword", "mike-secret-2")).send(), 403);
        assertEquals("the old password still signs in", 200,
                api.get("me/profile").basic("mike", "mike-secret-1").send().status());
        assertEquals("and the session still works", 200, api.get("me/profile").cookie(session).send().status());

        Reply changed = api.put("me/password").basic("mike", "mike-secret-1")
                .json(Api.object("currentPassword", "mike-secret-1", "newPassword", "mike-secret-2")).send();
        assertEquals(changed.toString(), 204, changed.status());
        assertError(api.get("me/profile").basic("mike", "mike-secret-1").send(), 401);
        assertEquals(200, api.get("me/profile").basic("mike", "mike-secret-2").send().status());
        assertError(api.get("me/profile").cookie(session).send(), 401);
    }

    @Test
    public void repeatedFailedSignInsLockTheAddressOutOfTheAccountForAWhile() throws Exception {
        createUser("ivan", "ivan-secret-12", "Ivan", null);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertError(api.post("session").json(Api.object("username", "ivan", "password", "guess-" + attempt))
                    .send(), 401);
        }
        Reply locked = api.post("session").json(Api.object("username", "ivan", "password", "ivan-secret-12")).send();
        assertError(locked, 429);
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 60);
        assertTrue(locked.cookie(Api.SESSION_COOKIE).isEmpty());
        assertError(api.get("me/profile").basic("ivan", "ivan-secret-12").send(), 429);
        // The account itself is untouched.
        assertTrue(accounts.find("ivan").isPresent());
        assertEquals("Ivan", api.get("users/ivan").basic("admin", adminPassword).send().json()
                .path("displayName").asText());
    }

    // ---------------------------------------------------------------------------------------------------- profile

    @Test
    public void profileIsUpdatedAndBadChangesLeaveItAlone() throws Exception {
        createUser("judy", "judy-secret-1", "Judy", "judy@example.org");
        Reply initial = api.get("me/profile").basic("judy", "judy-secret-1").send();
        assertEquals(initial.toString(), 200, initial.status());
        assertEquals("Judy", initial.json().path("displayName").asText());
        assertEquals("judy@example.org", initial.json().path("email").asText());

        Reply updated = api.put("me/profile").basic("judy", "judy-secret-1")
                .json(Api.object("displayName", "Judy Hopps", "email", "judy.hopps@example.org",
                        "bio", "First line\nsecond line – ünïcödé"))
                .send();
        assertEquals(updated.toString(), 200, updated.status());
        JsonNode profile = api.get("me/profile").basic("judy", "judy-secret-1").send().json();
        assertEquals(updated.json(), profile);
        assertEquals("judy", profile.path("username").asText());
        assertEquals("Judy Hopps", profile.path("displayName").asText());
        assertEquals("judy.hopps@example.org", profile.path("email").asText());
        assertEquals("First line\nsecond line – ünïcödé", profile.path("bio").asText());
        assertEquals("Judy Hopps", api.get("users/judy").basic("admin", adminPassword).send().json()
                .path("displayName").asText());
        Profile stored = profiles.get("judy");

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"displayName\": \"Mallory\", ", null);                                        // malformed
        refused.put("{\"displayName\": \"Mallory\"} {}", null);                                      // trailing data
        refused.put("", "body");                                                                    // no body
        refused.put(Api.object("email", "mallory@example.org"), "displayName");                     // missing
        refused.put(Api.object("displayName", "  "), "displayName");                               // blank
        refused.put(Api.object("displayName", "Mallory", "email", "mallory at example"), "email"); // invalid
        refused.put(Api.object("displayName", "Mallory", "bio", "x".repeat(501)), "bio");          // too long
        refused.put(Api.object("displayName", "Mallory", "nickname", "M"), "nickname");            // unknown
        refused.put(Api.object("displayName", List.of("Mallory")), "displayName");                 // wrong type
        refused.put(Api.object("displayName", "Mal\u0007lory"), "displayName");                    // control char
        for (Map.Entry<String, String> body : refused.entrySet()) {
            Reply reply = api.put("me/profile").basic("judy", "judy-secret-1").json(body.getKey()).send();
            JsonNode error = assertError(reply, 400);
            if (body.getValue() != null) {
                assertEquals("field named for " + body.getKey() + ": " + reply, body.getValue(),
                        error.path("field").asText(null));
            }
            assertEquals("profile unchanged after " + body.getKey(), profile,
                    api.get("me/profile").basic("judy", "judy-secret-1").send().json());
        }
        assertError(api.put("me/profile").json(Api.object("displayName", "Anonymous")).send(), 401);
        assertError(api.put("me/profile").basic("judy", "judy-secret-1")
                .body("displayName=Mallory".getBytes(StandardCharsets.UTF_8), "text/plain").send(), 415);
        assertEquals("the stored profile is unchanged", stored, profiles.get("judy"));
    }

    @Test
    public void avatarIsStoredByteForByteAndBadImagesLeaveItAlone() throws Exception {
        createUser("kate", "kate-secret-1", "Kate", null);
        assertError(api.get("me/avatar").basic("kate", "kate-secret-1").send(), 404);

        byte[] png = Images.png(64, Color.ORANGE);
        Reply uploaded = api.put("me/avatar").basic("kate", "kate-secret-1").body(png, "image/png").send();
        assertEquals(uploaded.toString(), 200, uploaded.status());
        assertEquals("/api/me/avatar", uploaded.json().path("avatar").asText());
        assertAvatar("kate", "kate-secret-1", png, "image/png");

        int maxBytes = profiles.maxAvatarBytes();
        assertEquals("the distribution's limit (etc/org.dump.profiles.cfg)", 524288, maxBytes);
        byte[] tooLarge = Images.noisyPng(512, 512, 42);
        assertTrue("the test image is over the limit but under maxRequestBytes: " + tooLarge.length,
                tooLarge.length > maxBytes && tooLarge.length < 1024 * 1024);
        byte[] overRequestLimit = Images.noisyPng(720, 720, 43);
        assertTrue(overRequestLimit.length > 1024 * 1024);
        byte[] text = "this is not an image, whatever the header says".getBytes(StandardCharsets.UTF_8);
        byte[] htmlAsPng = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        byte[] truncatedPng = Arrays.copyOf(png, 12);

        record Refusal(String what, byte[] body, String contentType, int status) {
        }
        List<Refusal> refusals = List.of(
                new Refusal("text sent as PNG", text, "image/png", 415),
                new Refusal("HTML sent as PNG", htmlAsPng, "image/png", 415),
                new Refusal("a PNG sent as JPEG", png, "image/jpeg", 415),
                new Refusal("a PNG cut after its signature", truncatedPng, "image/png", 415),
                new Refusal("an empty body", new byte[0], "image/png", 415),
                new Refusal("a content type that is not an image", png, "text/plain", 415),
                new Refusal("a PNG over maxAvatarBytes", tooLarge, "image/png", 413),
                new Refusal("a body over maxRequestBytes", overRequestLimit, "image/png", 413),
                new Refusal("a PNG wider than maxAvatarPixels", Images.plainPng(4097, 1), "image/png", 400));
        for (Refusal refusal : refusals) {
            Reply reply = api.put("me/avatar").basic("kate", "kate-secret-1").body(refusal.body(), refusal.contentType())
                    .send();
            assertEquals(refusal.what() + ": " + reply, refusal.status(), reply.status());
            assertError(reply, refusal.status());
            assertAvatar("kate", "kate-secret-1", png, "image/png");
        }

        byte[] gif = Images.gif(32);
        Reply replaced = api.put("me/avatar").basic("kate", "kate-secret-1").body(gif, "image/gif").send();
        assertEquals(replaced.toString(), 200, replaced.status());
        assertAvatar("kate", "kate-secret-1", gif, "image/gif");

        Reply removed = api.delete("me/avatar").basic("kate", "kate-secret-1").send();
        assertEquals(removed.toString(), 200, removed.status());
        assertTrue(removed.json().path("avatar").isNull());
        assertError(api.get("me/avatar").basic("kate", "kate-secret-1").send(), 404);
        assertTrue(profiles.avatar("kate").isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------- shell

    @Test
    public void shellCommandsWorkThroughTheRealBinClient() throws Exception {
        Commands.Result status = client("admin", adminPassword, "dump:status");
        assertEquals(status.toString(), 0, status.exitCode());
        assertTrue(status.toString(), status.output().contains(identity.id()));
        assertTrue(status.toString(), rowOf(status.output(), "HTTP port").contains(Integer.toString(httpPort())));
        assertTrue(status.toString(), rowOf(status.output(), "SSH port").contains(Integer.toString(sshPort())));

        createUser("leo", "leo-secret-12", "Leo", null);
        Commands.Result list = client("admin", adminPassword, "dump:user-list");
        assertEquals(list.toString(), 0, list.exitCode());
        assertTrue(list.toString(), rowOf(list.output(), "leo").contains("Leo"));

        Commands.Result wrongPassword = client("admin", adminPassword + "x", "dump:status");
        assertNotEquals(wrongPassword.toString(), 0, wrongPassword.exitCode());
        assertFalse(wrongPassword.toString(), wrongPassword.output().contains(identity.id()));
        Commands.Result notAdmin = client("leo", "leo-secret-12", "dump:status");
        assertNotEquals("only administrators get the shell: " + notAdmin, 0, notAdmin.exitCode());
        assertFalse(notAdmin.toString(), notAdmin.output().contains(identity.id()));
    }

    @Test
    public void shellStatusCommandReportsTheNode() throws Exception {
        String output = shell("dump:status");
        NodeStatusReport report = status.report();
        assertTrue(output, rowOf(output, "Node id").contains(identity.id()));
        assertTrue(output, rowOf(output, "Name").contains(report.name()));
        assertTrue(output, rowOf(output, "HTTP port").contains(Integer.toString(httpPort())));
        assertTrue(output, rowOf(output, "Data directory").contains(System.getProperty("karaf.data")));
        assertTrue(output, rowOf(output, "Accounts").contains(Long.toString(accounts.count())));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private Reply createUser(String username, String password, String displayName, String email) {
        Reply reply = api.post("users").basic("admin", adminPassword)
                .json(Api.object("username", username, "password", password, "displayName", displayName, "email", email))
                .send();
        assertEquals(reply.toString(), 201, reply.status());
        return reply;
    }

    /** Asserts the JSON error body every refusal carries; @return it */
    private static JsonNode assertError(Reply reply, int status) {
        assertEquals(reply.toString(), status, reply.status());
        assertJsonType(reply);
        JsonNode error = reply.json();
        assertEquals(reply.toString(), status, error.path("status").asInt());
        assertFalse(reply.toString(), error.path("error").asText().isEmpty());
        assertFalse(reply.toString(), error.path("message").asText().isEmpty());
        assertFalse("no stack trace in " + reply, reply.text().contains("\tat ") || reply.text().contains("Exception"));
        return error;
    }

    private static void assertJsonType(Reply reply) {
        assertTrue(reply + " " + reply.headers(), reply.header("Content-Type").orElse("").startsWith("application/json"));
    }

    private void assertAvatar(String username, String password, byte[] image, String mediaType) {
        Reply reply = api.get("me/avatar").basic(username, password).send();
        assertEquals(reply.toString(), 200, reply.status());
        assertEquals(mediaType, reply.header("Content-Type").orElse(null));
        assertEquals("nosniff", reply.header("X-Content-Type-Options").orElse(null));
        assertArrayEquals("served avatar is byte-identical", image, reply.body());
        Avatar stored = profiles.avatar(username).orElseThrow();
        assertEquals(mediaType, stored.mediaType());
        assertArrayEquals("stored avatar is byte-identical", image, stored.image());
        assertEquals(mediaType, profiles.get(username).avatarType());
    }

    /** Runs a command in a Karaf shell session of this node; @return what it printed */
    private String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code command} through bin/client over SSH, as an administrator would. */
    private Commands.Result client(String user, String password, String command) {
        File home = new File(System.getProperty("karaf.home"));
        return Commands.run(List.of(new File(home, "bin/client").getPath(), "-h", "127.0.0.1", "-a",
                Integer.toString(sshPort()), "-u", user, "-p", password, "-b"), home, Map.of(), command + "\n",
                Duration.ofSeconds(60));
    }

    /** @return the line of a shell table whose first column is {@code key}, or fails */
    private static String rowOf(String table, String key) {
        return table.lines().filter(line -> line.strip().startsWith(key + " ") || line.strip().startsWith(key + "│")
                || line.strip().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + key + "' in:\n" + table));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(30_000);
            if (service == null) {
                fail("no " + type.getName() + " service within 30 s");
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    private static String initialAdminPassword() throws Exception {
        return ExamNode.initialAdminPassword();
    }

    private static int httpPort() {
        return ExamNode.httpPort();
    }

    private static int sshPort() {
        return ExamNode.sshPort();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static boolean verify(PublicKey key, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Lower-case RFC 4648 base32 without padding, written here again so that the test checks the node's. */
    private static String base32(byte[] data) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
