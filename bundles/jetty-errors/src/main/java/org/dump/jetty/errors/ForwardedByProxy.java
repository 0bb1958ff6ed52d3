package org.dump.jetty.errors;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.log.Log;
import org.eclipse.jetty.util.log.Logger;

/**
 * Makes a request that a trusted reverse proxy forwarded look, to every servlet of the node (its pages, API,
 * federation, repository, relay and Karaf's web console alike), as it was sent: the client's address
 * ({@code getRemoteAddr}, on which sign-in lock-out and rate limits key), the scheme ({@code isSecure}, {@code https}
 * in {@code getRequestURL}) and the host. {@link ForwardedRequest} says what to believe; a request from any other
 * address is left as it came, whatever headers it carries. With no trusted proxy (the default) this does nothing.
 */
public class ForwardedByProxy implements HttpConfiguration.Customizer {

    private static final Logger LOG = Log.getLogger(ForwardedByProxy.class);

    private final TrustedProxies proxies;

    /** @param trustedProxies comma-separated addresses and CIDR blocks ({@code dump.http.trustedProxies}) */
    public ForwardedByProxy(String trustedProxies) {
        this.proxies = new TrustedProxies(trustedProxies);
        if (!proxies.refused().isEmpty()) {
            LOG.warn("dump.http.trustedProxies: {} is no IP address or CIDR block; not trusted", proxies.refused());
        }
    }

    @Override
    public void customize(Connector connector, HttpConfiguration configuration, Request request) {
        if (proxies.none()) {
            return;
        }
        InetSocketAddress remote = request.getRemoteInetSocketAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (!proxies.trusts(peer)) {
            return;
        }
        HttpFields fields = request.getHttpFields();
        ForwardedRequest forwarded;
        try {
            forwarded = ForwardedRequest.of(proxies, peer, fields.getValuesList(ForwardedRequest.FOR),
                    fields.get(ForwardedRequest.PROTO), fields.get(ForwardedRequest.HOST), request.getScheme());
        } catch (IllegalArgumentException badHost) {
            throw new BadMessageException(400, badHost.getMessage());
        }
        if (!forwarded.client().equals(peer)) {
            request.setRemoteAddr(new InetSocketAddress(forwarded.client(), 0));
        }
        forwarded.scheme().ifPresent(scheme -> {
            request.setScheme(scheme);
            request.setSecure("https".equals(scheme));
        });
        forwarded.host().ifPresent(host -> request.setAuthority(host, forwarded.port()));
    }
}
