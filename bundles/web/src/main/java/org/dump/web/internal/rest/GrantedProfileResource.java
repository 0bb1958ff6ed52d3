package org.dump.web.internal.rest;

import javax.ws.rs.GET;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.dump.node.account.Avatar;
import org.dump.node.consent.ProfileRequests;
import org.dump.web.internal.security.Callers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/me/granted-profiles}: the profiles that users of other nodes granted to the signed-in user. They are
 * the user's alone: no other endpoint, and no other user, sees them.
 */
@Component(service = GrantedProfileResource.class)
@Path("me/granted-profiles")
@Produces(MediaType.APPLICATION_JSON)
public final class GrantedProfileResource {

    private final ProfileRequests requests;

    @Activate
    public GrantedProfileResource(@Reference ProfileRequests requests) {
        this.requests = requests;
    }

    @GET
    public ConsentViews.GrantedList granted(@Context SecurityContext security) {
        return new ConsentViews.GrantedList(requests.granted(Callers.signedIn(security).username()).stream()
                .map(ConsentViews.Granted::of).toList());
    }

    @GET
    @Path("{requestId}/avatar")
    @Produces({"image/png", "image/jpeg", "image/gif", MediaType.APPLICATION_JSON})
    public Response avatar(@Context SecurityContext security, @PathParam("requestId") String requestId) {
        Avatar avatar = requests.grantedAvatar(Callers.signedIn(security).username(), requestId)
                .orElseThrow(() -> new NotFoundException("no avatar was granted to you with request " + requestId));
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setNoStore(true);
        // Checked against its bytes when it arrived; browsers must not second-guess the type.
        return Response.ok(avatar.image(), avatar.mediaType()).cacheControl(cache)
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
