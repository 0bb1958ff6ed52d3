package org.dump.federation.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.dump.federation.PeerRefusedException;

/** What a peer's address is: the base URL every other of its URLs is resolved against. */
final class PeerAddresses {

    private PeerAddresses() {
    }

    /**
     * @return the node's base URL: http or https, a host, the path ending in a slash, no query, at most
     *         {@link PeerEntity#MAX_URL} characters (what its column holds)
     */
    static URI baseOf(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new PeerRefusedException("a peer's address is an http:// or https:// URL with a host: " + url);
        }
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        URI base;
        try {
            base = new URI(scheme, null, url.getHost().toLowerCase(Locale.ROOT), url.getPort(),
                    path.endsWith("/") ? path : path + "/", null, null);
        } catch (URISyntaxException e) {
            throw new PeerRefusedException("not a usable address: " + url);
        }
        if (base.toString().length() > PeerEntity.MAX_URL) {
            throw new PeerRefusedException("a peer's address has at most " + PeerEntity.MAX_URL + " characters, not "
                    + base.toString().length());
        }
        return base;
    }
}
