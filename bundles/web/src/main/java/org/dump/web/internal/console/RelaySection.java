package org.dump.web.internal.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dump.federation.Reachability;
import org.dump.federation.RelayClient;
import org.dump.federation.Relaying;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code relay.json}: how the node is reached (directly, or through which relay) and, if it relays for nodes behind
 * NAT, for whom and how much ({@code dump:status}, {@code dump:relay-clients}). No actions.
 */
@Component(service = ConsoleSection.class)
public final class RelaySection implements ConsoleSection {

    /** What the section shows. */
    record View(Reach reachability, Relay relay) {
    }

    /** How this node is reached. */
    record Reach(String mode, String address, List<String> relays, String checked, String note) {
    }

    /** This node as a relay: whether it offers to, its limits, and its clients. */
    record Relay(boolean offered, int maxClients, long bytesPerSecondPerClient, List<Client> clients,
            long requests, long bytes) {
    }

    /** A node this node relays for; times as ISO-8601 text. */
    record Client(String nodeId, String since, String lastPoll, long requests, long bytesIn, long bytesOut) {

        static Client of(RelayClient client) {
            return new Client(client.nodeId(), String.valueOf(client.since()), String.valueOf(client.lastPoll()),
                    client.requests(), client.bytesIn(), client.bytesOut());
        }
    }

    private final Reachability reachability;
    private final Relaying relaying;

    @Activate
    public RelaySection(@Reference Reachability reachability, @Reference Relaying relaying) {
        this.reachability = reachability;
        this.relaying = relaying;
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public View read(Map<String, String> query) {
        Reachability.Report reach = reachability.report();
        org.dump.federation.RelayReport relay = relaying.report();
        return new View(new Reach(reach.mode().name().toLowerCase(Locale.ROOT), reach.address().toString(),
                reach.relays().stream().map(Object::toString).toList(),
                reach.checked() == null ? null : reach.checked().toString(), reach.note()),
                new Relay(relay.offered(), relay.maxClients(), relay.bytesPerSecondPerClient(),
                        relay.clients().stream().map(Client::of).toList(),
                        relay.clients().stream().mapToLong(RelayClient::requests).sum(),
                        relay.clients().stream().mapToLong(client -> client.bytesIn() + client.bytesOut()).sum()));
    }

    @Override
    public Answer act(String action, Map<String, String> form) {
        throw ConsoleSection.unknownAction(name(), action);
    }
}
