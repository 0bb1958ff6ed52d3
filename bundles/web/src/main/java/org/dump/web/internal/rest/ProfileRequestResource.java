package org.dump.web.internal.rest;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.dump.node.consent.ProfileGrants;
import org.dump.node.consent.ProfileRequests;
import org.dump.web.internal.security.Caller;
import org.dump.web.internal.security.Callers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/me/profile-requests}: the signed-in user's requests for the profiles of records' authors, and the
 * requests of other nodes' users for the user's own profile, with the user's answers. Each user sees and answers
 * only their own.
 */
@Component(service = ProfileRequestResource.class)
@Path("me/profile-requests")
@Produces(MediaType.APPLICATION_JSON)
public final class ProfileRequestResource {

    private final ProfileRequests requests;
    private final ProfileGrants grants;

    @Activate
    public ProfileRequestResource(@Reference ProfileRequests requests, @Reference ProfileGrants grants) {
        this.requests = requests;
        this.grants = grants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ask(@Context SecurityContext security, ConsentViews.Ask body) {
        Caller caller = Callers.signedIn(security);
        ConsentViews.Ask ask = JsonBodies.required(body);
        ProfileRequests.Asked asked = requests.ask(caller.username(), JsonBodies.requiredField("module", ask.module()),
                JsonBodies.requiredField("recordId", ask.recordId()));
        ConsentViews.Outgoing view = ConsentViews.Outgoing.of(asked.request());
        return asked.isNew() ? Response.created(URI.create("me/profile-requests")).entity(view).build()
                : Response.ok(view).build();
    }

    @GET
    public ConsentViews.OutgoingList outgoing(@Context SecurityContext security) {
        return new ConsentViews.OutgoingList(requests.outgoing(Callers.signedIn(security).username()).stream()
                .map(ConsentViews.Outgoing::of).toList());
    }

    @GET
    @Path("incoming")
    public ConsentViews.IncomingList incoming(@Context SecurityContext security) {
        return new ConsentViews.IncomingList(grants.incoming(Callers.signedIn(security).username()).stream()
                .map(ConsentViews.Incoming::of).toList());
    }

    @POST
    @Path("incoming/{id}/accept")
    public ConsentViews.Incoming accept(@Context SecurityContext security, @PathParam("id") String id) {
        return ConsentViews.Incoming.of(grants.accept(Callers.signedIn(security).username(), id));
    }

    @POST
    @Path("incoming/{id}/refuse")
    public ConsentViews.Incoming refuse(@Context SecurityContext security, @PathParam("id") String id) {
        return ConsentViews.Incoming.of(grants.refuse(Callers.signedIn(security).username(), id));
    }

    @POST
    @Path("incoming/{id}/revoke")
    public ConsentViews.Incoming revoke(@Context SecurityContext security, @PathParam("id") String id) {
        return ConsentViews.Incoming.of(grants.revoke(Callers.signedIn(security).username(), id));
    }
}
