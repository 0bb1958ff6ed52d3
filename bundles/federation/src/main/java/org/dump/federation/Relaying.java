package org.dump.federation;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node as a relay for nodes behind NAT (protocol §13): whether it offers relaying, and for whom it relays now.
 * For the administrator, who sees it in {@code dump:relay-clients}.
 *
 * @since 2.5
 */
@ProviderType
public interface Relaying {

    /** @return what this node relays now */
    RelayReport report();
}
