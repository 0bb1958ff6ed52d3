package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.federation.Reachability;
import org.dump.federation.RelayClient;
import org.dump.federation.RelayReport;
import org.dump.federation.Relaying;
import org.dump.node.status.NodeStatus;
import org.dump.node.status.NodeStatusReport;

/** {@code dump:status}: who this node is, where it listens and keeps its data, how many accounts it has. */
@Service
@Command(scope = "dump", name = "status", description = "Shows the node's id, name, reachability, ports, data directory, datasource, counts and relaying.")
public class StatusCommand implements Action {

    @Reference
    NodeStatus status;

    @Reference(optional = true)
    Reachability reachability;

    @Reference(optional = true)
    Relaying relaying;

    @Override
    public Object execute() {
        NodeStatusReport report = status.report();
        ShellTable table = new ShellTable();
        table.column("Property");
        table.column("Value");
        table.addRow().addContent("Node id", report.id());
        table.addRow().addContent("Name", report.name());
        table.addRow().addContent("Version", report.version());
        table.addRow().addContent("Public base URL", report.publicBaseUrl());
        table.addRow().addContent("Reachability", reachability());
        table.addRow().addContent("HTTP port", port(report.httpPort()));
        table.addRow().addContent("SSH port", port(report.sshPort()));
        table.addRow().addContent("RMI registry port", port(report.rmiRegistryPort()));
        table.addRow().addContent("RMI server port", port(report.rmiServerPort()));
        table.addRow().addContent("Data directory", report.dataDirectory());
        table.addRow().addContent("Datasource", report.datasource());
        table.addRow().addContent("Accounts", report.accounts());
        table.addRow().addContent("Administrators", report.administrators());
        table.addRow().addContent("Relay", relay());
        table.print(System.out);
        return null;
    }

    /** @return "direct", "relayed through …" or why neither, for the administrator */
    private String reachability() {
        if (reachability == null) {
            return "unknown (federation is not running)";
        }
        Reachability.Report report = reachability.report();
        String checked = report.checked() == null ? "never checked" : "checked " + report.checked();
        return switch (report.mode()) {
            case DIRECT -> "direct at " + report.address() + " (" + checked + ")";
            case RELAYED -> "relayed through " + report.relays().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + " at " + report.address() + " (" + checked
                    + ")";
            case UNREACHABLE -> "unreachable: " + report.note();
            case UNKNOWN -> "unknown: " + report.note();
        };
    }

    /** @return whether this node relays, for how many, and what went through ({@code dump:relay-clients} lists them) */
    private String relay() {
        if (relaying == null) {
            return "unknown (federation is not running)";
        }
        RelayReport report = relaying.report();
        if (!report.offered()) {
            return "off (relayClients = 0)";
        }
        long requests = report.clients().stream().mapToLong(RelayClient::requests).sum();
        long kib = report.clients().stream().mapToLong(client -> client.bytesIn() + client.bytesOut()).sum() / 1024;
        return report.clients().size() + " of " + report.maxClients() + " client(s), " + requests + " request(s), "
                + kib + " KiB relayed (dump:relay-clients)";
    }

    private static String port(int port) {
        return port < 0 ? "unknown" : Integer.toString(port);
    }
}
