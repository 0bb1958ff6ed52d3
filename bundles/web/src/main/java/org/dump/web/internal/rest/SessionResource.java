package org.dump.web.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.identity.PublicAddress;
import org.dump.web.internal.security.Caller;
import org.dump.web.internal.security.Callers;
import org.dump.web.internal.security.RemoteAddress;
import org.dump.web.internal.security.SessionStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/session}: signing in and out of the user interface. A session lives in an HttpOnly, SameSite=Strict
 * cookie; its CSRF token comes back in the body for the page to send with every change.
 */
@Component(service = SessionResource.class)
@Path("session")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {

    private final AccountService accounts;
    private final SessionStore sessions;
    private final PublicAddress publicAddress;

    @Activate
    public SessionResource(@Reference AccountService accounts, @Reference SessionStore sessions,
            @Reference PublicAddress publicAddress) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.publicAddress = publicAddress;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(@Context SecurityContext security, Views.SignIn body) {
        Views.SignIn signIn = JsonBodies.required(body);
        JsonBodies.requiredField("username", signIn.username());
        JsonBodies.requiredField("password", signIn.password());
        Account account = accounts.authenticate(signIn.username(), JsonBodies.chars(signIn.password()),
                RemoteAddress.current())
                .orElseThrow(() -> new NotAuthorizedException("wrong username or password", Callers.CHALLENGE));
        SessionStore.Session session = sessions.open(account.username());
        return Response.ok(new Views.SessionInfo(account.username(), Views.labels(account), "session",
                session.csrfToken())).header(HttpHeaders.SET_COOKIE, cookie(session.token(), secure(security), false))
                .build();
    }

    /**
     * Who is signed in, and how; 204 when nobody is. The node's page asks on every load, also before anybody signs
     * in, and "nobody" is an answer there, not an error (a 401 would be logged as one in every visitor's browser).
     * Credentials that the node refuses still get 401, from {@code Authentication}, before this is reached.
     */
    @GET
    public Response current(@Context SecurityContext security, @Context HttpHeaders headers) {
        if (security == null || !(security.getUserPrincipal() instanceof Caller caller)) {
            return Response.noContent().build();
        }
        if (caller.via() == Caller.Via.BASIC) {
            return Response.ok(new Views.SessionInfo(caller.username(), Views.labels(caller.account()), "basic", null))
                    .build();
        }
        String token = headers.getCookies().get(SessionStore.COOKIE).getValue();
        String csrf = sessions.find(token).map(SessionStore.Session::csrfToken).orElse(null);
        return Response.ok(new Views.SessionInfo(caller.username(), Views.labels(caller.account()), "session", csrf))
                .build();
    }

    @DELETE
    public Response signOut(@Context SecurityContext security, @Context HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(SessionStore.COOKIE);
        if (cookie != null) {
            sessions.close(cookie.getValue());
        }
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", secure(security), true)).build();
    }

    /**
     * A cookie is Secure when the request came over https (directly, or through a trusted proxy that said so) or
     * when the node's public address is https: behind a proxy that terminates TLS, the node itself is asked over
     * plain http, and the browser must still never send the session over http.
     */
    private boolean secure(SecurityContext security) {
        return publicAddress.https() || security.isSecure();
    }

    /** JAX-RS 2.1's NewCookie knows no SameSite, so the header is written by hand. */
    private static String cookie(String value, boolean secure, boolean expire) {
        return SessionStore.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (expire ? "; Max-Age=0" : "");
    }
}
