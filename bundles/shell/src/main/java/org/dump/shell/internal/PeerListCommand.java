package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.federation.KnownNode;
import org.dump.federation.KnownNodes;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PushBacklog;

/** {@code dump:peer-list}: the peers of this node and how contact with them goes. */
@Service
@Command(scope = "dump", name = "peer-list", description = "Lists the peers of this node: id, name, address, modules, "
        + "whether they answered last time, whether they take this node as their peer (and why not), how they became "
        + "peers (ADMIN: kept until removed; EXCHANGE, ASKED: dropped by the node when they stop answering), last "
        + "contact and sync, records in and out, records waiting to be pushed (and their KiB), refusals, and the last error; with "
        + "--known, the nodes its peers told of (peer exchange).")
public class PeerListCommand implements Action {

    @Option(name = "--refresh", aliases = "-r", description = "Contact every peer first")
    boolean refresh;

    @Option(name = "--known", aliases = "-k", description = "List the nodes learned from peers that are not peers")
    boolean known;

    @Reference
    KnownNodes knownNodes;

    @Reference
    PeerDirectory peers;

    @Reference
    PushBacklog backlog;

    @Override
    public Object execute() {
        if (refresh) {
            peers.refresh();
        }
        if (known) {
            ShellTable table = new ShellTable();
            table.column("Node id");
            table.column("Name");
            table.column("Address");
            table.column("Modules");
            table.column("Told of by");
            table.column("Learned");
            table.column("Last error");
            for (KnownNode node : knownNodes.list()) {
                table.addRow().addContent(node.nodeId(), node.name(), node.url(), String.join(", ", node.modules()),
                        node.introducedBy(), node.learned(), node.lastError() == null ? "" : node.lastError());
            }
            table.print(System.out);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Node id");
        table.column("Name");
        table.column("Address");
        table.column("Modules");
        table.column("Reachable");
        table.column("Takes us");
        table.column("Last contact");
        table.column("Last sync");
        table.column("In").alignRight();
        table.column("Out").alignRight();
        table.column("Waiting").alignRight();
        table.column("Refused").alignRight();
        table.column("Last error");
        // Last, so that the columns before keep their places for scripts: only EXCHANGE and ASKED peers are ever
        // dropped by the node (issue 24).
        table.column("Origin");
        table.column("Backoff");
        for (Peer peer : peers.list()) {
            table.addRow().addContent(peer.nodeId(), peer.name(), peer.url(), String.join(", ", peer.modules()),
                    peer.reachable() ? "yes" : "no", PeerAnswers.takesThisNode(peer),
                    peer.lastContact() == null ? "never" : peer.lastContact(),
                    peer.lastSync() == null ? "never" : peer.lastSync(), peer.recordsIn(), peer.recordsOut(),
                    waiting(peer.nodeId()), peer.refusals(), peer.lastError() == null ? "" : peer.lastError(),
                    peer.origin().name(), backoff(peer.nodeId()));
        }
        table.print(System.out);
        return null;
    }

    /** @return what waits to be sent to the peer: "12 / 48 KiB", and "+ 3 ann." for ranges of numbers to announce */
    private String waiting(String nodeId) {
        PushBacklog.Waiting waiting = backlog.waiting(nodeId);
        int announcements = backlog.announcementsWaiting(nodeId);
        return waiting.records() + " / " + (waiting.bytes() + 1023) / 1024 + " KiB"
                + (announcements > 0 ? " + " + announcements + " ann." : "");
    }

    /** @return "" for a peer that answered last, else "3× / 40 s": times in a row it did not, and the wait left */
    private String backoff(String nodeId) {
        PushBacklog.Backoff backoff = backlog.backoff(nodeId);
        return backoff.failures() == 0 ? "" : backoff.failures() + "× / " + (backoff.left().toMillis() + 999) / 1000
                + " s";
    }
}
