package org.dump.federation.internal;

import java.util.List;

/**
 * What a node says about itself at {@code GET /api/node}, checked: the id is the fingerprint of the key.
 *
 * @param modules the modules it runs, as {@code id@dataVersion}
 */
record NodeCard(String id, String publicKey, String name, String version, List<String> modules) {

    NodeCard {
        modules = List.copyOf(modules);
    }
}
