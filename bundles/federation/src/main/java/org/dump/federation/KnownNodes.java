package org.dump.federation;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The nodes this node learned of through its peers (peer exchange): every interval it asks each peer for that
 * peer's peers. A known node becomes a peer only when, for a module the node runs, fewer of its peers run it than
 * it wants (configuration {@code org.dump.federation.exchange autoPeers}) and the known node runs that module, or
 * when an administrator adds it.
 */
@ProviderType
public interface KnownNodes {

    /** @return the known nodes that are not peers, most recently learned first */
    List<KnownNode> list();
}
