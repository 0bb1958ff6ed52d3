package org.dump.web.internal.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.dump.node.status.NodeStatus;
import org.dump.node.status.NodeStatusReport;
import org.dump.web.internal.security.Callers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /api/admin}: what an administrator sees of the node, as {@code dump:status} shows it in the shell. */
@Component(service = AdminResource.class)
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {

    private final NodeStatus status;

    @Activate
    public AdminResource(@Reference NodeStatus status) {
        this.status = status;
    }

    @GET
    @Path("status")
    public NodeStatusReport status(@Context SecurityContext security) {
        Callers.admin(security);
        return status.report();
    }
}
