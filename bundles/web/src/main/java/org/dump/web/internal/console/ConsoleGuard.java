package org.dump.web.internal.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps other sites from acting in an administrator's name in the DUMP section. The web console signs in with HTTP
 * Basic, which a browser sends along with any request to the node, a form posted from another site included: a
 * change therefore needs more than credentials. It must be a POST; it must not come from another origin (Origin and
 * Sec-Fetch-Site, when the browser sends them, as {@link CrossSite} reads them; {@link ConsoleCrossSiteGuard} has
 * already refused such requests for the whole console, this is the section's own second line); and it must carry
 * the console token in the {@value #TOKEN_HEADER} header. The token is an HMAC of the username under a key that lives
 * only in this node's memory: only a page of the console itself, which another site cannot read, knows it. Basic
 * authentication has no session; the token is tied to the user and ends when the node restarts.
 */
final class ConsoleGuard {

    static final String TOKEN_HEADER = "X-DUMP-Console-Token";

    private final SecretKeySpec key;

    ConsoleGuard() {
        this(randomKey());
    }

    ConsoleGuard(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** @return the token that {@code user}'s console pages send with every change */
    String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("dump-console|" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * @param host         the request's Host header (host and port)
     * @param origin       its Origin header, or null
     * @param fetchSite    its Sec-Fetch-Site header, or null
     * @param token        its {@value #TOKEN_HEADER} header, or null
     * @return why the request may not change anything, or empty if it may
     */
    Optional<String> refusal(String method, String user, String host, String origin, String fetchSite, String token) {
        if (!"POST".equals(method)) {
            return Optional.of("changes are made with POST only");
        }
        Optional<String> crossSite = CrossSite.refusal(host, origin, fetchSite, null);
        if (crossSite.isPresent()) {
            return crossSite;
        }
        if (token == null || user == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                tokenFor(user).getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("a change needs the console's token in the " + TOKEN_HEADER
                    + " header: reload the console page");
        }
        return Optional.empty();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
