package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.federation.Peering;

/** {@code dump:peer-approve ID|URL}: takes a node that asked to be a peer. */
@Service
@Command(scope = "dump", name = "peer-approve", description = "Takes the node of a request (dump:peer-requests), "
        + "pending or refused, as a peer: its front door is read again and must present the key that signed its "
        + "request, which is pinned as with dump:peer-add.")
public class PeerApproveCommand implements Action {

    @Argument(index = 0, name = "node", required = true, description = "The requesting node's id or address")
    @Completion(PeerRequestCompleter.class)
    String node;

    @Reference
    Peering peering;

    @Override
    public Object execute() {
        PeerAnswers.print(peering.approve(node.strip()), System.out);
        return null;
    }
}
