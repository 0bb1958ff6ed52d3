package org.dump.web.internal.console;

import java.net.URI;
import java.util.Optional;

/**
 * Whether a request that would change something comes from another site, as far as the browser says. A browser
 * sends the console's Basic credentials with any request to the node, also with a form that another site posts;
 * what it does not let another site do is forge the headers that name the page a request comes from. Those are, in
 * the order browsers adopted them: {@code Sec-Fetch-Site} (which says outright whether the request is same-origin),
 * {@code Origin} (on every POST of a current browser), and {@code Referer} (older browsers). A request with none of
 * them is not a browser's cross-site request (scripts and {@code curl} send none) and passes: other checks, such as
 * the console token of {@link ConsoleGuard}, must deal with it.
 */
final class CrossSite {

    private CrossSite() {
    }

    /**
     * @param host      the request's Host header (host and port)
     * @param origin    its Origin header, or null
     * @param fetchSite its Sec-Fetch-Site header, or null
     * @param referer   its Referer header, or null; looked at only when the other two are missing, because a page
     *                  may tell the browser to leave it out or cut it down, and then it proves nothing
     * @return why the request may not change anything, or empty if nothing says it comes from another site
     */
    static Optional<String> refusal(String host, String origin, String fetchSite, String referer) {
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return Optional.of("a " + fetchSite + " request may not change anything here");
        }
        if (origin != null && !sameAuthority(origin, host)) {
            return Optional.of("a request from " + origin + " may not change anything here");
        }
        if (origin == null && fetchSite == null && referer != null && !sameAuthority(referer, host)) {
            // Only the page's site in the message: the rest of a Referer may hold what its page keeps private.
            return Optional.of("a request from a page of " + authority(referer).orElse("another site")
                    + " may not change anything here");
        }
        return Optional.empty();
    }

    /** The scheme is not compared: behind a proxy that ends TLS the node sees http where the browser says https. */
    private static boolean sameAuthority(String url, String host) {
        return host != null && authority(url).filter(a -> a.equalsIgnoreCase(host.strip())).isPresent();
    }

    private static Optional<String> authority(String url) {
        try {
            return Optional.ofNullable(new URI(url).getRawAuthority());
        } catch (Exception e) {
            // "null" (a sandboxed or data: page) and anything malformed are another origin
            return Optional.empty();
        }
    }
}
