package org.dump.federation.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.servlet.http.HttpServletRequest;

import org.dump.node.identity.PublicAddress;

/**
 * The target URI a request was signed for. A request a relay handed on reaches this node's own web server from
 * {@link LocalDoor}, which says in {@link #TARGET} where the sender sent it (the relay's address for this node); only
 * requests carrying this JVM's {@link #SECRET} are believed, so that nobody else can choose the URI a signature is
 * checked against. Relays pass on no {@code Dump-Relay-*} header.
 *
 * <p>Any other request was sent to this node's public address when its administrator configured one: behind a reverse
 * proxy the URL this web server sees ({@code http://127.0.0.1:8181/…}) is not the one the sender signed
 * ({@code https://dump.example.org/…}), and neither the Host header nor any forwarded header chooses it then. Without a
 * public address, the URL the request was received at counts (its scheme and host as a trusted proxy forwarded them,
 * see {@code ForwardedByProxy} in bundle jetty-errors).
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

    /**
     * @return the URI {@code request} was signed for: a relayed one's, or the public address with the request's path
     *         and query, or the URL it was received at
     */
    static URI of(HttpServletRequest request, PublicAddress publicAddress) {
        String secret = request.getHeader(SECRET_HEADER);
        String target = request.getHeader(TARGET);
        if (secret != null && target != null && MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), SECRET.getBytes(StandardCharsets.UTF_8))) {
            return URI.create(target);
        }
        return received(request, publicAddress);
    }

    /** @return the URI {@code request} was sent to: under the public address when there is one, else as received */
    static URI received(HttpServletRequest request, PublicAddress publicAddress) {
        var underPublic = publicAddress.resolve(request.getRequestURI(), request.getQueryString());
        if (underPublic.isPresent()) {
            return underPublic.get();
        }
        StringBuffer url = request.getRequestURL();
        if (request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        return URI.create(url.toString());
    }
}
