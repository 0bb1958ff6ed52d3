package org.dump.web.internal.rest;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.NewAccount;
import org.dump.node.account.ProfileService;
import org.dump.node.account.Role;
import org.dump.web.internal.security.Callers;
import org.dump.web.internal.security.SessionStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /api/users}: the node's accounts, for its administrators. */
@Component(service = UserResource.class)
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public final class UserResource {

    private static final int MAX_PAGE = 500;

    private final AccountService accounts;
    private final ProfileService profiles;
    private final SessionStore sessions;

    @Activate
    public UserResource(@Reference AccountService accounts, @Reference ProfileService profiles,
            @Reference SessionStore sessions) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Views.NewUser body) {
        Callers.admin(security);
        Views.NewUser user = JsonBodies.required(body);
        Set<Role> roles = user.roles() == null ? Set.of()
                : user.roles().stream().map(Role::fromLabel).collect(Collectors.toSet());
        Account created = accounts.create(new NewAccount(user.username(), JsonBodies.chars(user.password()), roles,
                user.displayName(), user.email()));
        return Response.created(URI.create("users/" + created.username()))
                .entity(Views.User.of(created, profiles.get(created.username()))).build();
    }

    @GET
    public Views.UserPage list(@Context SecurityContext security, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Callers.admin(security);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("limit", "limit is between 1 and " + MAX_PAGE);
        }
        List<Views.User> users = accounts.list(offset, limit).stream()
                .map(account -> Views.User.of(account, profiles.get(account.username()))).toList();
        return new Views.UserPage(users, accounts.count(), offset, limit);
    }

    @GET
    @Path("{username}")
    public Views.User get(@Context SecurityContext security, @PathParam("username") String username) {
        Callers.admin(security);
        Account account = accounts.find(username).orElseThrow(() -> noSuchAccount(username));
        return Views.User.of(account, profiles.get(account.username()));
    }

    @DELETE
    @Path("{username}")
    public Response remove(@Context SecurityContext security, @PathParam("username") String username) {
        Callers.admin(security);
        if (!accounts.remove(username)) {
            throw noSuchAccount(username);
        }
        sessions.closeAllOf(username.trim().toLowerCase(java.util.Locale.ROOT));
        return Response.noContent().build();
    }

    private static NotFoundException noSuchAccount(String username) {
        return new NotFoundException("no account named '" + username + "'");
    }
}
