package org.dump.shell.internal;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.federation.RelayClient;
import org.dump.federation.RelayReport;
import org.dump.federation.Relaying;

/** {@code dump:relay-clients}: the nodes behind NAT this node relays for, and what went through it for each. */
@Service
@Command(scope = "dump", name = "relay-clients", description = "Lists the nodes this node relays for (nodes behind "
        + "NAT that keep polls open here): node id, attached since, last poll, requests relayed to it, KiB of "
        + "requests in and of answers out. Says first whether this node relays, for how many nodes at most and at "
        + "what rate each (PID org.dump.federation.relay).")
public class RelayClientsCommand implements Action {

    @Reference
    Relaying relaying;

    @Override
    public Object execute() {
        RelayReport report = relaying.report();
        if (!report.offered()) {
            System.out.println("This node does not relay (relayClients = 0 in org.dump.federation.relay).");
            return null;
        }
        System.out.println("This node relays for " + report.clients().size() + " of at most " + report.maxClients()
                + " node(s), " + report.bytesPerSecondPerClient() / 1024 + " KiB/s each.");
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Node id");
        table.column("Attached");
        table.column("Last poll");
        table.column("Requests").alignRight();
        table.column("KiB in").alignRight();
        table.column("KiB out").alignRight();
        for (RelayClient client : report.clients()) {
            table.addRow().addContent(client.nodeId(), Ago.of(client.since(), now), Ago.of(client.lastPoll(), now),
                    client.requests(), (client.bytesIn() + 1023) / 1024, (client.bytesOut() + 1023) / 1024);
        }
        table.print(System.out);
        return null;
    }
}
