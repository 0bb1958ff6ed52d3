package org.dump.web.internal.security;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;

import org.dump.node.author.ActingAccounts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes the signed-in caller of a request the acting account of the thread that serves it, so that module code
 * (record store, acting user) knows on whose behalf it works. Runs after {@link Authentication}. The scope ends in
 * {@link #end()}, which the API servlet calls in a finally block on the same thread: a thread goes back to Jetty's
 * pool acting for nobody, whatever happened in between.
 */
@Component(service = ActingUserBinding.class)
@Priority(Priorities.AUTHORIZATION)
public final class ActingUserBinding implements ContainerRequestFilter {

    private final ActingAccounts acting;
    /** The scope this filter opened on the current thread, for {@link #end()} to close. */
    private final ThreadLocal<ActingAccounts.Scope> opened = new ThreadLocal<>();

    @Activate
    public ActingUserBinding(@Reference ActingAccounts acting) {
        this.acting = acting;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof Caller caller) {
            end();
            opened.set(acting.actAs(caller.account()));
        }
    }

    /** Ends the acting scope that this filter opened on the current thread, if any. */
    public void end() {
        ActingAccounts.Scope scope = opened.get();
        if (scope != null) {
            opened.remove();
            scope.close();
        }
    }
}
