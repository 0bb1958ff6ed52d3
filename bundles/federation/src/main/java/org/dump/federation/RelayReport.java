package org.dump.federation;

import java.util.List;

/**
 * What this node relays, at one moment.
 *
 * @param offered                 whether this node relays at all ({@code relayClients} above 0)
 * @param maxClients              how many nodes it relays for at most
 * @param bytesPerSecondPerClient the bytes of requests and answers each client may have relayed per second
 * @param clients                 the nodes it relays for now, the longest attached first
 * @since 2.5
 */
public record RelayReport(boolean offered, int maxClients, long bytesPerSecondPerClient, List<RelayClient> clients) {

    public RelayReport {
        clients = List.copyOf(clients);
    }
}
