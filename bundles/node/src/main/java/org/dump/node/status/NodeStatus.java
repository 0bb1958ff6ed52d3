package org.dump.node.status;

import org.osgi.annotation.versioning.ProviderType;

/** Reports the state of this node, freshly read at each call. */
@ProviderType
public interface NodeStatus {

    NodeStatusReport report();
}
