package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;

/** {@code dump:peer-list}: the peers of this node and how contact with them goes. */
@Service
@Command(scope = "dump", name = "peer-list", description = "Lists the peers of this node: id, name, address, modules, "
        + "whether they answered last time, records in and out, and the last error.")
public class PeerListCommand implements Action {

    @Option(name = "--refresh", aliases = "-r", description = "Contact every peer first")
    boolean refresh;

    @Reference
    PeerDirectory peers;

    @Override
    public Object execute() {
        if (refresh) {
            peers.refresh();
        }
        ShellTable table = new ShellTable();
        table.column("Node id");
        table.column("Name");
        table.column("Address");
        table.column("Modules");
        table.column("Reachable");
        table.column("Last contact");
        table.column("Last sync");
        table.column("In").alignRight();
        table.column("Out").alignRight();
        table.column("Refused").alignRight();
        table.column("Last error");
        for (Peer peer : peers.list()) {
            table.addRow().addContent(peer.nodeId(), peer.name(), peer.url(), String.join(", ", peer.modules()),
                    peer.reachable() ? "yes" : "no", peer.lastContact() == null ? "never" : peer.lastContact(),
                    peer.lastSync() == null ? "never" : peer.lastSync(), peer.recordsIn(), peer.recordsOut(),
                    peer.refusals(), peer.lastError() == null ? "" : peer.lastError());
        }
        table.print(System.out);
        return null;
    }
}
