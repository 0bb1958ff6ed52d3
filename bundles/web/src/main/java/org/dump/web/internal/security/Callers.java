package org.dump.web.internal.security;

import javax.ws.rs.ForbiddenException;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.core.SecurityContext;

/**
 * What each resource method asks before it acts: is someone signed in, is it an administrator. Resources call
 * these first, so the rule for an endpoint is written where the endpoint is.
 */
public final class Callers {

    /** The challenge sent with every 401, so that curl and browsers know HTTP Basic is accepted. */
    public static final String CHALLENGE = "Basic realm=\"DUMP\", charset=\"UTF-8\"";

    private Callers() {
    }

    /** @throws NotAuthorizedException (401) if nobody is signed in */
    public static Caller signedIn(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new NotAuthorizedException("sign in first: HTTP Basic credentials or a session from POST /api/session",
                CHALLENGE);
    }

    /**
     * @throws NotAuthorizedException (401) if nobody is signed in
     * @throws ForbiddenException     (403) if the caller is not an administrator
     */
    public static Caller admin(SecurityContext security) {
        Caller caller = signedIn(security);
        if (!caller.isAdmin()) {
            throw new ForbiddenException("only an administrator of this node may do that");
        }
        return caller;
    }
}
