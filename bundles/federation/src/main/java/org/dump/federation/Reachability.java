package org.dump.federation;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether other nodes can reach this one, and how: at its own address, or through relays that hand their requests on
 * over a connection this node keeps open (protocol §13). For the administrator ({@code dump:status}, the console) and
 * for the node's front door ({@code GET /api/node}).
 *
 * @since 2.5
 */
@ProviderType
public interface Reachability {

    /** How this node is reached. */
    enum Mode {
        /** Not known yet: no peer has answered a dial-back. */
        UNKNOWN,
        /** A peer reached this node at its public base URL. */
        DIRECT,
        /** Peers could not reach it; it is reached through {@link Report#relays()}. */
        RELAYED,
        /** Peers could not reach it, and none of its peers relays (or none took it). */
        UNREACHABLE
    }

    /**
     * @param mode    how this node is reached
     * @param address where other nodes send it requests: its public base URL, or its address at a relay
     * @param relays  the relays it is attached to, by their base URL; empty unless {@link Mode#RELAYED}
     * @param checked when a peer last dialled back; null if never
     * @param note    what the last check or attachment said, for the administrator
     * @param issued  since when the node has been reached at {@code address}
     * @param addressSignature the node's Ed25519 signature of its address (protocol §13.4), in base64
     */
    record Report(Mode mode, URI address, List<URI> relays, Instant checked, String note, Instant issued,
            String addressSignature) {

        public Report {
            relays = List.copyOf(relays);
        }
    }

    /** @return how this node is reached now */
    Report report();
}
