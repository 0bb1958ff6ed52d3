package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.federation.PeerRequest;
import org.dump.federation.Peering;

/** {@code dump:peer-requests}: the nodes that asked to be taken as peers while this node takes peers by hand. */
@Service
@Command(scope = "dump", name = "peer-requests", description = "Lists the nodes that asked this node to take them as "
        + "peers while it approves peers by hand (org.dump.federation acceptPeers = manual): id, name, address, "
        + "modules, state (pending or refused), first and latest hello, hellos. dump:peer-approve and "
        + "dump:peer-refuse answer them.")
public class PeerRequestsCommand implements Action {

    @Reference
    Peering peering;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Node id");
        table.column("Name");
        table.column("Address");
        table.column("Modules");
        table.column("State");
        table.column("First asked");
        table.column("Last asked");
        table.column("Hellos").alignRight();
        for (PeerRequest request : peering.requests()) {
            table.addRow().addContent(request.nodeId(), request.name(), request.url(),
                    String.join(", ", request.modules()), request.state() == PeerRequest.State.PENDING ? "pending"
                            : "refused", request.firstAsked(), request.lastAsked(), request.hellos());
        }
        table.print(System.out);
        return null;
    }
}
