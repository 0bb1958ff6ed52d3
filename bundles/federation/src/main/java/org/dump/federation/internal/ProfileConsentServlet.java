package org.dump.federation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.federation.PeerDirectory;
import org.dump.node.consent.ConsentInbox;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.identity.PublicAddress;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The node-to-node endpoints of profiles by consent, {@code POST /federation/profiles/requests} and
 * {@code POST /federation/profiles/answers} ({@link ConsentEndpoint}). A pattern more specific than the records'
 * {@code /federation/*}, so the whiteboard sends these paths here; in a context of its own ({@link ConsentContext}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + ConsentContext.NAME + ")")
@HttpWhiteboardServletName("dump-federation-profiles")
@HttpWhiteboardServletPattern(ConsentEndpoint.PREFIX + "/*")
public final class ProfileConsentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final transient ConsentEndpoint endpoint;
    private final transient PeerLimits limits;
    private final transient PublicAddress publicAddress;

    @Activate
    public ProfileConsentServlet(@Reference PeerDirectory peers, @Reference ConsentInbox inbox,
            @Reference PeerLimits limits, @Reference NodeIdentity identity,
            @Reference PublicAddress publicAddress) {
        this.publicAddress = publicAddress;
        // Nonces of its own: a signature covers the target URI, so one made for another endpoint never fits here.
        this.endpoint = new ConsentEndpoint(peers, inbox, new RequestSignatures(Clock.systemUTC()), limits, identity);
        this.limits = limits;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsentEndpoint.Answer answer;
        if (!limits.enter()) {
            // As busy as FederationServlet: these requests share its places (PeerLimits).
            response.setHeader("Retry-After", "5");
            answer = new ConsentEndpoint.Answer(503, new ConsentEndpoint.Message("refused",
                    "this node serves as many federation requests as it takes at once; try again later"));
        } else {
            try (InputStream in = request.getInputStream()) {
                answer = endpoint.handle(request.getMethod(), request.getPathInfo(), RelayedTarget.of(request, publicAddress),
                        request::getHeader, request.getContentLengthLong(), in, request.getRemoteAddr());
            } catch (RuntimeException e) {
                answer = unavailable(e, response);
            } finally {
                limits.leave();
            }
        }
        response.setStatus(answer.status());
        if (answer.status() == 413 || answer.status() == 401 || answer.status() == 503) {
            // The rest of the body may not have been read: the connection ends here, and says so (see
            // FederationIntake).
            response.setHeader("Connection", "close");
        }
        if (answer.status() == 429) {
            response.setHeader("Retry-After", "1");
        }
        if (answer.status() == 405) {
            response.setHeader("Allow", "POST");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        JSON.writeValue(response.getOutputStream(), answer.body());
    }

    /**
     * This node's database is out of disk space (507) or closed the connection of the work (503), as
     * {@link FederationServlet} answers it: the sender's outbox delivers the message again later. Anything else is
     * thrown on.
     */
    private static ConsentEndpoint.Answer unavailable(RuntimeException e, HttpServletResponse response) {
        DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(e).orElseThrow(() -> e);
        response.setHeader("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
        return unavailable instanceof StorageFullException
                ? new ConsentEndpoint.Answer(FederationServlet.INSUFFICIENT_STORAGE, new ConsentEndpoint.Message(
                        "refused", "this node's database is out of disk space; send again later"))
                : new ConsentEndpoint.Answer(503, new ConsentEndpoint.Message("refused",
                        "this node's database is not available; send again later"));
    }

}
