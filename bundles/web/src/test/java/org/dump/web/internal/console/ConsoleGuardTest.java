package org.dump.web.internal.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

public class ConsoleGuardTest {

    private static final String HOST = "127.0.0.1:8181";

    private final ConsoleGuard guard = new ConsoleGuard(new byte[32]);
    private final String token = guard.tokenFor("admin");

    @Test
    public void aSameOriginPostWithTheUsersTokenPasses() {
        assertEquals(Optional.empty(), guard.refusal("POST", "admin", HOST, "http://127.0.0.1:8181", "same-origin", token));
        // Older browsers and scripts send neither Origin nor Sec-Fetch-Site: the token alone decides then.
        assertEquals(Optional.empty(), guard.refusal("POST", "admin", HOST, null, null, token));
        // Behind a proxy that ends TLS the browser's origin is https while the node sees http.
        assertEquals(Optional.empty(), guard.refusal("POST", "admin", HOST, "https://127.0.0.1:8181", null, token));
    }

    @Test
    public void aPostWithoutTheTokenOrWithAnotherUsersTokenIsRefused() {
        assertRefused(guard.refusal("POST", "admin", HOST, null, null, null), "token");
        assertRefused(guard.refusal("POST", "admin", HOST, null, null, ""), "token");
        assertRefused(guard.refusal("POST", "admin", HOST, null, null, guard.tokenFor("carl")), "token");
        assertRefused(guard.refusal("POST", null, HOST, null, null, token), "token");
    }

    @Test
    public void aCrossSiteRequestIsRefusedEvenWithTheToken() {
        assertRefused(guard.refusal("POST", "admin", HOST, "http://evil.example", null, token), "evil.example");
        assertRefused(guard.refusal("POST", "admin", HOST, "http://127.0.0.1:9999", null, token), "9999");
        assertRefused(guard.refusal("POST", "admin", HOST, "null", null, token), "null");
        assertRefused(guard.refusal("POST", "admin", HOST, null, "cross-site", token), "cross-site");
        assertRefused(guard.refusal("POST", "admin", HOST, null, "same-site", token), "same-site");
        assertRefused(guard.refusal("POST", "admin", null, "http://127.0.0.1:8181", null, token), "127.0.0.1:8181");
    }

    @Test
    public void onlyPostChangesAnything() {
        assertRefused(guard.refusal("GET", "admin", HOST, null, null, token), "POST");
        assertRefused(guard.refusal("PUT", "admin", HOST, null, null, token), "POST");
    }

    @Test
    public void tokensDifferByUserAndByKey() {
        assertEquals(token, guard.tokenFor("admin"));
        assertNotEquals(token, guard.tokenFor("admin2"));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertNotEquals(token, new ConsoleGuard(otherKey).tokenFor("admin"));
        // A fresh guard (a restarted node) has a random key of its own.
        assertNotEquals(new ConsoleGuard().tokenFor("admin"), new ConsoleGuard().tokenFor("admin"));
    }

    private static void assertRefused(Optional<String> refusal, String mentioned) {
        assertTrue("refused", refusal.isPresent());
        assertTrue(refusal.get(), refusal.get().contains(mentioned));
    }
}
