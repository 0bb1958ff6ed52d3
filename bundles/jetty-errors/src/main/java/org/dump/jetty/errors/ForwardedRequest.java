package org.dump.jetty.errors;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request looked like before the reverse proxies in front of the node: the client's address, the scheme and
 * the host it was sent to. Believed only from a {@link TrustedProxies trusted proxy}; from anybody else the
 * {@code X-Forwarded-*} headers say nothing.
 *
 * <p>The client is found by walking {@code X-Forwarded-For} from its right end (the hop nearest to the node) past every
 * trusted proxy: the first address that is not one is the client, as a trusted proxy saw it. What an untrusted hop
 * claims further left could be forged by the client, and is not read. {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} are taken as the nearest trusted proxy sends them (their first value when it sends a list):
 * a proxy in front of the node must set them, not pass on what a client sent.
 *
 * @param client the client's address (the connection's when nothing trusted says otherwise)
 * @param scheme {@code http} or {@code https}; empty when no trusted proxy said
 * @param host   the host (a name, an IPv4 address or a bracketed IPv6 address); empty when no trusted proxy said
 * @param port   the port the request was sent to, when {@code host} is present: the forwarded one, or the scheme's
 */
public record ForwardedRequest(InetAddress client, Optional<String> scheme, Optional<String> host, int port) {

    public static final String FOR = "X-Forwarded-For";
    public static final String PROTO = "X-Forwarded-Proto";
    public static final String HOST = "X-Forwarded-Host";

    /**
     * @param proxies   whom to believe
     * @param peer      the address of the connection's other end
     * @param forFields the {@code X-Forwarded-For} fields in the order received (each may list several hops)
     * @param proto     the {@code X-Forwarded-Proto} field, or null
     * @param host      the {@code X-Forwarded-Host} field, or null
     * @param scheme    the scheme of the connection ({@code http} or {@code https})
     * @return the request as it was sent; just the connection's address when {@code peer} is no trusted proxy
     * @throws IllegalArgumentException when a trusted proxy forwards a host that is no host
     */
    public static ForwardedRequest of(TrustedProxies proxies, InetAddress peer, List<String> forFields, String proto,
            String host, String scheme) {
        if (!proxies.trusts(peer)) {
            return new ForwardedRequest(peer, Optional.empty(), Optional.empty(), -1);
        }
        InetAddress client = client(proxies, peer, forFields);
        Optional<String> forwardedScheme = Optional.ofNullable(first(proto)).map(p -> p.toLowerCase(Locale.ROOT))
                .filter(p -> p.equals("http") || p.equals("https"));
        String forwardedHost = first(host);
        if (forwardedHost == null || forwardedHost.isEmpty()) {
            return new ForwardedRequest(client, forwardedScheme, Optional.empty(), -1);
        }
        if (!HostCheck.isHost(forwardedHost)) {
            throw new IllegalArgumentException("Bad " + HOST + " header");
        }
        String effectiveScheme = forwardedScheme.orElse(scheme);
        int colon = forwardedHost.lastIndexOf(':');
        boolean hasPort = colon >= 0 && forwardedHost.indexOf(']', colon) < 0 && colon < forwardedHost.length() - 1;
        String name = colon >= 0 && forwardedHost.indexOf(']', colon) < 0 ? forwardedHost.substring(0, colon)
                : forwardedHost;
        int port = hasPort ? Integer.parseInt(forwardedHost.substring(colon + 1))
                : "https".equals(effectiveScheme) ? 443 : 80;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Bad " + HOST + " header");
        }
        return new ForwardedRequest(client, forwardedScheme, Optional.of(name), port);
    }

    private static InetAddress client(TrustedProxies proxies, InetAddress peer, List<String> forFields) {
        List<String> hops = forFields.stream().flatMap(field -> List.of(field.split(",")).stream())
                .map(String::strip).toList();
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && proxies.trusts(client); i--) {
            Optional<InetAddress> hop = TrustedProxies.address(withoutPort(hops.get(i)));
            if (hop.isEmpty()) {
                break; // a trusted proxy said something that is no address: it stays the client
            }
            client = hop.get();
        }
        return client;
    }

    /** @return {@code 1.2.3.4} of {@code 1.2.3.4:5678}, {@code ::1} of {@code [::1]:80}; anything else as it is */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[") && hop.contains("]")) {
            return hop.substring(1, hop.indexOf(']'));
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static String first(String field) {
        if (field == null) {
            return null;
        }
        int comma = field.indexOf(',');
        return (comma < 0 ? field : field.substring(0, comma)).strip();
    }
}
