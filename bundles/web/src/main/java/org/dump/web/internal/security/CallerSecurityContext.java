package org.dump.web.internal.security;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import org.dump.node.account.Role;

/** The JAX-RS view of a {@link Caller}. */
final class CallerSecurityContext implements SecurityContext {

    private final Caller caller;
    private final boolean secure;

    CallerSecurityContext(Caller caller, boolean secure) {
        this.caller = caller;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.roles().stream().map(Role::label).anyMatch(label -> label.equals(role));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return caller.via() == Caller.Via.BASIC ? BASIC_AUTH : "SESSION";
    }
}
