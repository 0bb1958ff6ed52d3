package org.dump.api.node;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node a module is running on, as other nodes see it. Registered as an OSGi service by the node.
 */
@ProviderType
public interface LocalNode {

    /** The node id: the fingerprint of the node's public key, stable for the life of its data directory. */
    String id();

    /** The name the node's administrator gave it; not unique across the network. */
    String name();

    /** The address under which users and peers reach this node, as configured by its administrator. */
    URI publicBaseUrl();

    /** The version of the DUMP software the node runs. */
    String softwareVersion();
}
