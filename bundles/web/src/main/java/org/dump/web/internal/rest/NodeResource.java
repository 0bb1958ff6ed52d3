package org.dump.web.internal.rest;


import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.dump.api.node.LocalNode;
import org.dump.federation.FederationProtocol;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.ModuleRegistry;
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
    private final ModuleRegistry modules;

    @Activate
    public NodeResource(@Reference LocalNode node, @Reference NodeIdentity identity, @Reference ModuleRegistry modules) {
        this.node = node;
        this.identity = identity;
        this.modules = modules;
    }

    @GET
    public Views.NodeInfo node() {
        return new Views.NodeInfo(identity.id(), identity.publicKey().base64(), node.name(), node.softwareVersion(),
                FederationProtocol.VERSION, node.publicBaseUrl().toString(), modules.running().stream()
                        .map(m -> new Views.ModuleInfo(m.id(), m.bundleVersion().toString(), m.dataVersion().toString()))
                        .toList());
    }
}
