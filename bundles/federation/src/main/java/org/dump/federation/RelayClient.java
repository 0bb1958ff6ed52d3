package org.dump.federation;

import java.time.Instant;

/**
 * A node that this node relays for: one behind NAT that keeps long polls open here.
 *
 * @param nodeId   its id
 * @param since    when it first attached (since it last became a client)
 * @param lastPoll when it last made or ended a poll
 * @param requests requests relayed to it
 * @param bytesIn  bytes of request bodies that other nodes sent it through this node
 * @param bytesOut bytes of answer bodies that it sent back through this node
 * @since 2.5
 */
public record RelayClient(String nodeId, Instant since, Instant lastPoll, long requests, long bytesIn, long bytesOut) {
}
