package org.dump.web.internal.http;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedMap;

/**
 * Headers on every API answer that keep browsers from misreading it: no content sniffing, no framing, a content
 * security policy that lets an answer opened as a page do nothing ({@link #POLICY}), and no
 * caching of answers that may hold a user's data unless a resource says otherwise; and no password dialog for the
 * node's own scripts.
 */
public final class SecurityHeaders implements ContainerResponseFilter {

    /** Sent by the scripts of the node's pages and of module pages with every request. */
    public static final String SCRIPT_HEADER = "X-Requested-With";

    /**
     * The API answers JSON, images and the page contract's script, never pages: a browser that is led to open an
     * answer runs no script, loads nothing and frames nothing from it, whatever it holds.
     */
    public static final String POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Content-Security-Policy", POLICY);
        if (!headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (response.getStatus() == 401 && request.getHeaderString(SCRIPT_HEADER) != null) {
            // The scripts of the node's pages sign in through a session. A Basic challenge would make the browser
            // put up its own password dialog (or, headless, stall the request): name the session scheme instead.
            headers.putSingle(HttpHeaders.WWW_AUTHENTICATE, "Session realm=\"DUMP\"");
        }
    }
}
