package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.federation.PeerRequest;
import org.dump.federation.Peering;

/** {@code dump:peer-refuse ID|URL}: refuses a node that asked to be a peer. */
@Service
@Command(scope = "dump", name = "peer-refuse", description = "Refuses the pending request of a node to be a peer "
        + "(dump:peer-requests): its hellos are answered 'refused' from now on, until dump:peer-approve or "
        + "dump:peer-add takes it.")
public class PeerRefuseCommand implements Action {

    @Argument(index = 0, name = "node", required = true, description = "The requesting node's id or address")
    @Completion(PendingPeerRequestCompleter.class)
    String node;

    @Reference
    Peering peering;

    @Override
    public Object execute() {
        PeerRequest refused = peering.refuse(node.strip());
        System.out.println("Request of node " + refused.nodeId() + " (" + refused.name() + ") at " + refused.url()
                + " refused: its hellos are answered so until dump:peer-approve " + refused.nodeId() + ".");
        return null;
    }
}
