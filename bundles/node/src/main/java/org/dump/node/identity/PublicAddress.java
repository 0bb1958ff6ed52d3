package org.dump.node.identity;

import java.net.URI;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where people and peers reach this node from outside, when its administrator said so ({@code publicBaseUrl} of
 * {@code etc/org.dump.node.cfg}). Behind a reverse proxy the node's own web server sees another address
 * ({@code http://127.0.0.1:8181/…}) than the one a request was sent to ({@code https://dump.example.org/…}): this is
 * the one that counts for what a sender signed, for cookies and for HSTS.
 */
@ProviderType
public interface PublicAddress {

    /**
     * @return the configured public base URL (absolute http or https, ending in {@code /}); empty when none is
     *         configured, and the node is then taken to be reached at whatever address a request names
     */
    Optional<URI> configured();

    /** @return whether the configured public address is https: cookies are then Secure, and answers carry HSTS */
    default boolean https() {
        return configured().map(uri -> "https".equals(uri.getScheme())).orElse(false);
    }

    /**
     * @param rawPath the request's path as sent, not decoded (starting with {@code /})
     * @param rawQuery the request's query as sent, or {@code null}
     * @return the URI a request for {@code rawPath} and {@code rawQuery} was sent to, under the configured address;
     *         empty when none is configured
     */
    default Optional<URI> resolve(String rawPath, String rawQuery) {
        return configured().map(base -> base.resolve(URI.create(
                (rawPath.startsWith("/") ? "." + rawPath : rawPath) + (rawQuery == null ? "" : "?" + rawQuery))));
    }
}
