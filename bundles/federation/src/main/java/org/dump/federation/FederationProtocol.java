package org.dump.federation;

/**
 * The version of the protocol nodes speak to each other (docs/protocol.md), which a node's front door
 * ({@code GET /api/node}) gives as {@code "protocol"}. A front door without it speaks version 1. Nodes of different
 * versions do not become peers: each refuses the other with a message that names both.
 */
public final class FederationProtocol {

    /**
     * Version 4: nodes that cannot be reached are reached through relays (§13), and profiles in consent answers
     * are sealed to the receiving node's key (§7.5). Version 3: records travel along gossip trees, with announcements, grafts and prunes (§7.8); version 2 pushed
     * every record to every peer. Version 2 brought anti-entropy by range-based reconciliation (§7.7), where version 1
     * sent summaries (§7.2).
     */
    public static final int VERSION = 4;

    private FederationProtocol() {
    }

    /** @return why a node that speaks {@code theirs} cannot be a peer of this one, for the administrator */
    public static String mismatch(String who, int theirs) {
        return who + " speaks federation protocol " + theirs + ", this node protocol " + VERSION
                + ": both must run a DUMP release that speaks protocol " + VERSION;
    }
}
