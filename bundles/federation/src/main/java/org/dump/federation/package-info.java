/**
 * The peers of this node: the other nodes it exchanges module records with, and the nodes it relays for. For the
 * node's own shell and web bundles; modules never see peers.
 */
@Export
@Version("2.6.0")
package org.dump.federation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
