package org.dump.jetty.errors;

import java.util.regex.Pattern;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Refuses a {@code Host} that is no host (RFC 3986 authority without user info) with 400 before any servlet sees it.
 * Jetty 9.4 takes {@code Host: a b} as it is, and the API then failed building its own URL from it: a 500 and an
 * error in the log for every such request.
 */
public class HostCheck implements HttpConfiguration.Customizer {

    /** An IP literal or a registered name (letters, digits, RFC 3986 sub-delimiters, escapes), then a port. */
    private static final Pattern AUTHORITY = Pattern.compile(
            "(?:\\[[0-9A-Za-z:.%]+\\]|[A-Za-z0-9\\-._~!$&'()*+,;=%]*)(?::[0-9]{0,5})?");

    @Override
    public void customize(Connector connector, HttpConfiguration configuration, Request request) {
        String host = request.getHttpFields().get(HttpHeader.HOST);
        if (host != null && !isHost(host)) {
            throw new BadMessageException(400, "Bad Host header");
        }
    }

    static boolean isHost(String host) {
        return AUTHORITY.matcher(host).matches();
    }
}
