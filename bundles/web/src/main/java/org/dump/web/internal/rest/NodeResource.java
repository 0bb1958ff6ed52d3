package org.dump.web.internal.rest;

import java.util.Locale;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.dump.api.node.LocalNode;
import org.dump.federation.FederationProtocol;
import org.dump.federation.Reachability;
import org.dump.federation.RelayReport;
import org.dump.federation.Relaying;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.ModuleRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code GET /api/node}: who this node is. Public: it is how peers and people first meet the node. */
@Component(service = NodeResource.class)
@Path("node")
@Produces(MediaType.APPLICATION_JSON)
public final class NodeResource {

    private final LocalNode node;
    private final NodeIdentity identity;
    private final ModuleRegistry modules;
    /** Optional: the front door answers while federation starts, and says "unknown" meanwhile. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Reachability reachability;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Relaying relaying;

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
                        .toList(), reachability(), relay());
    }

    private Views.RelayInfo relay() {
        Relaying known = relaying;
        RelayReport report = known == null ? null : known.report();
        return report == null ? new Views.RelayInfo(false, 0) : new Views.RelayInfo(report.offered(),
                report.clients().size());
    }

    private Views.ReachabilityInfo reachability() {
        Reachability known = reachability;
        if (known == null) {
            return new Views.ReachabilityInfo("unknown", node.publicBaseUrl().toString(), java.util.List.of(), null,
                    null);
        }
        Reachability.Report report = known.report();
        return new Views.ReachabilityInfo(report.mode().name().toLowerCase(Locale.ROOT), report.address().toString(),
                report.relays().stream().map(Object::toString).toList(), report.issued().getEpochSecond(),
                report.addressSignature());
    }
}
