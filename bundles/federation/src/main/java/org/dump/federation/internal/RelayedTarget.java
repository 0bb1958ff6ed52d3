package org.dump.federation.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.servlet.http.HttpServletRequest;

/**
 * The target URI a request was signed for. A request a relay handed on reaches this node's own web server from
 * {@link LocalDoor}, which says in {@link #TARGET} where the sender sent it (the relay's address for this node); only
 * requests carrying this JVM's {@link #SECRET} are believed, so that nobody else can choose the URI a signature is
 * checked against. Relays pass on no {@code Dump-Relay-*} header.
 */
final class RelayedTarget {

    static final String TARGET = "Dump-Relay-Target";
    static final String SECRET_HEADER = "Dump-Relay-Secret";
    /** Known to this JVM only: made at start, never written anywhere. */
    static final String SECRET;

    static {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        SECRET = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private RelayedTarget() {
    }

    /** @return the URI {@code request} was signed for: a relayed one's, or the URL it was received at */
    static URI of(HttpServletRequest request) {
        String secret = request.getHeader(SECRET_HEADER);
        String target = request.getHeader(TARGET);
        if (secret != null && target != null && MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), SECRET.getBytes(StandardCharsets.UTF_8))) {
            return URI.create(target);
        }
        StringBuffer url = request.getRequestURL();
        if (request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        return URI.create(url.toString());
    }
}
