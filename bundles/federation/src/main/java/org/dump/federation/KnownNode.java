package org.dump.federation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A node that a peer told this node about (peer exchange), not itself a peer: what that peer said of it.
 *
 * @param nodeId       its node id: the fingerprint of {@code publicKey}
 * @param publicKey    its Ed25519 key in base64, as the introducing peer pinned it
 * @param url          where it answers
 * @param name         the name its administrator gave it
 * @param modules      the modules it ran, as {@code id@dataVersion}
 * @param introducedBy the node id of the peer that told of it last
 * @param learned      when that was
 * @param lastError    why this node could not take it as a peer the last time it tried, or null
 */
public record KnownNode(String nodeId, String publicKey, URI url, String name, List<String> modules,
        String introducedBy, Instant learned, String lastError) {

    public KnownNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(url, "url");
        modules = List.copyOf(modules);
    }
}
