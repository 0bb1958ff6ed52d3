package org.dump.federation.internal;

import java.util.List;

/**
 * What a node says about itself at {@code GET /api/node}, checked: the id is the fingerprint of the key.
 *
 * @param modules the modules it runs, as {@code id@dataVersion}
 * @param relays  whether it offers to relay requests for nodes that cannot be reached (protocol §13)
 * @param address its signed word on where it is reached; null if it gave none (or one not in form)
 */
record NodeCard(String id, String publicKey, String name, String version, List<String> modules, boolean relays,
        AddressStatement address) {

    NodeCard {
        modules = List.copyOf(modules);
    }

    /** A card of a node that relays nothing and says nothing of its address. */
    NodeCard(String id, String publicKey, String name, String version, List<String> modules) {
        this(id, publicKey, name, version, modules, false, null);
    }
}
