package org.dump.web.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.LoginThrottledException;
import org.dump.node.account.SignInBusyException;
import org.dump.web.internal.http.ErrorBody;
import org.dump.web.internal.http.ErrorMapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Finds out who sent a request. HTTP Basic credentials are checked against the node's accounts on every request
 * that carries them (scripts); otherwise a session cookie names the user (the user interface), and then every
 * request that changes something must also carry the session's CSRF token. Credentials that are present but wrong
 * end the request with 401 at once; a request without any goes on anonymously and each resource decides whether
 * that is enough.
 */
@Component(service = Authentication.class)
@Priority(Priorities.AUTHENTICATION)
public final class Authentication implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AccountService accounts;
    private final SessionStore sessions;

    @Activate
    public Authentication(@Reference AccountService accounts, @Reference SessionStore sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            authenticateBasic(request, authorization);
            return;
        }
        Cookie cookie = request.getCookies().get(SessionStore.COOKIE);
        if (cookie != null && !isSignIn(request)) {
            authenticateSession(request, cookie.getValue());
        }
    }

    private void authenticateBasic(ContainerRequestContext request, String authorization) {
        Optional<String[]> credentials = basicCredentials(authorization);
        if (credentials.isEmpty()) {
            request.abortWith(unauthorized("only HTTP Basic authorization is accepted, as 'Basic base64(user:password)'"));
            return;
        }
        Optional<Account> account;
        try {
            account = accounts.authenticate(credentials.get()[0], credentials.get()[1].toCharArray(),
                    RemoteAddress.current());
        } catch (LoginThrottledException | SignInBusyException e) {
            request.abortWith(ErrorMapper.retryLater(e));
            return;
        }
        if (account.isEmpty()) {
            request.abortWith(unauthorized("wrong username or password"));
            return;
        }
        request.setSecurityContext(new CallerSecurityContext(new Caller(account.get(), Caller.Via.BASIC),
                request.getSecurityContext().isSecure()));
    }

    private void authenticateSession(ContainerRequestContext request, String token) {
        Optional<SessionStore.Session> session = sessions.find(token);
        Optional<Account> account = session.flatMap(s -> accounts.find(s.username()));
        if (account.isEmpty()) {
            // An expired or unknown cookie makes the request anonymous; resources that need a user answer 401.
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !csrfTokenMatches(request, session.get())) {
            request.abortWith(ErrorBody.response(Response.Status.FORBIDDEN,
                    "a change made through a session needs the session's token in the " + SessionStore.CSRF_HEADER
                            + " header").build());
            return;
        }
        request.setSecurityContext(new CallerSecurityContext(new Caller(account.get(), Caller.Via.SESSION),
                request.getSecurityContext().isSecure()));
    }

    private static boolean csrfTokenMatches(ContainerRequestContext request, SessionStore.Session session) {
        String sent = request.getHeaderString(SessionStore.CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /** Signing in is anonymous by nature: an old session cookie sent along must not get in its way. */
    private static boolean isSignIn(ContainerRequestContext request) {
        return HttpMethod.POST.equals(request.getMethod()) && "session".equals(request.getUriInfo().getPath(true));
    }

    /** @return username and password, or empty if the header is not well-formed Basic authorization */
    static Optional<String[]> basicCredentials(String authorization) {
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !"basic".equalsIgnoreCase(parts[0])) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static Response unauthorized(String message) {
        return ErrorBody.response(Response.Status.UNAUTHORIZED, message)
                .header(HttpHeaders.WWW_AUTHENTICATE, Callers.CHALLENGE).build();
    }
}
