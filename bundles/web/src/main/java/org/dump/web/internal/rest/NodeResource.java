package org.dump.web.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.dump.api.node.LocalNode;
import org.dump.node.identity.NodeIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/node}: who this node is. Public: it is how peers and people first meet the node. */
@Component(service = NodeResource.class)
@Path("node")
@Produces(MediaType.APPLICATION_JSON)
public final class NodeResource {

    private final LocalNode node;
    private final NodeIdentity identity;

    @Activate
    public NodeResource(@Reference LocalNode node, @Reference NodeIdentity identity) {
        this.node = node;
        this.identity = identity;
    }

    @GET
    public Views.NodeInfo node() {
        // Modules arrive with the adapter's module registry; until then no module runs on a node.
        return new Views.NodeInfo(identity.id(), identity.publicKey().base64(), node.name(), node.softwareVersion(),
                node.publicBaseUrl().toString(), List.of());
    }
}
