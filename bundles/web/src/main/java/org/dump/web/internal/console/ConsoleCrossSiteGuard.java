package org.dump.web.internal.console;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Refuses every request to the web console ({@code /system/console/*}: bundles, configuration, services, the DUMP
 * section) that would change something and comes from another site, then signs the rest in as before. The console's
 * own pages act with POSTs that carry nothing but the administrator's Basic credentials, which the browser also sends
 * with a form that another site posts: without this, any page an administrator opens could stop or uninstall bundles
 * or rewrite configuration. A GET or HEAD passes (the console changes nothing on those, and other sites cannot read
 * the answers); anything else is refused with 403 when {@link CrossSite} says it comes from another site.
 *
 * <p>Why a security provider and not a servlet filter: the web console registers its servlet through the
 * HttpService, with a context of its own, and Pax Web 8 keeps such a context to the bundle that registered it: an
 * HTTP Whiteboard filter of this bundle, even one that selects every context
 * ({@code (|(osgi.http.whiteboard.context.name=*)(osgi.http.whiteboard.context.httpservice=*))}), runs for the
 * node's own servlets and never for {@code /system/console} (tried on a node). The console's context does ask the
 * highest-ranked {@link WebConsoleSecurityProvider} to authenticate every request, before any servlet sees it; Karaf
 * registers its JAAS sign-in as one, at rank 0. This component ranks above it and hands every request it lets through
 * to it, so sign-in, realm, role and lock-out stay Karaf's. It refuses before signing in: another site's request
 * costs no password check and learns nothing about the credentials.
 */
@Component(service = {WebConsoleSecurityProvider.class, WebConsoleSecurityProvider2.class}, property = {
        Constants.SERVICE_RANKING + ":Integer=100",
        ConsoleCrossSiteGuard.MARK + "=true"})
public final class ConsoleCrossSiteGuard implements WebConsoleSecurityProvider2 {

    /** Marks this provider, so that it never signs in through itself. */
    static final String MARK = "dump.console.crossSiteGuard";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCrossSiteGuard.class);
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final WebConsoleSecurityProvider2 signIn;

    @Activate
    public ConsoleCrossSiteGuard(@Reference(target = "(!(" + MARK + "=*))") WebConsoleSecurityProvider2 signIn) {
        this.signIn = signIn;
    }

    @Override
    public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        if (!READS.contains(request.getMethod())) {
            Optional<String> refusal = CrossSite.refusal(request.getHeader("Host"), request.getHeader("Origin"),
                    request.getHeader("Sec-Fetch-Site"), request.getHeader("Referer"));
            if (refusal.isPresent()) {
                LOG.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), refusal.get());
                refuse(response, refusal.get());
                return false;
            }
        }
        return signIn.authenticate(request, response);
    }

    @Override
    public Object authenticate(String username, String password) {
        return signIn.authenticate(username, password);
    }

    @Override
    public boolean authorize(Object user, String role) {
        return signIn.authorize(user, role);
    }

    /**
     * Writes the 403 and commits it: Pax Web answers a refused request that is not yet committed with a bare 403 of
     * its own, which would not say why.
     */
    private static void refuse(HttpServletResponse response, String message) {
        try {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json; charset=utf-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(JSON.writeValueAsBytes(Map.of(
                    "status", HttpServletResponse.SC_FORBIDDEN, "message", message)));
            response.flushBuffer();
        } catch (IOException e) {
            // The caller went away: nobody to tell; the request is refused all the same (we return false).
            LOG.debug("Could not send the refusal", e);
        }
    }
}
