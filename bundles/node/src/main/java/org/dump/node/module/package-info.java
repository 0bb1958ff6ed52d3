/** The modules running on this node, for the node's own web, shell and federation bundles. */
@Export
@Version("1.0.0")
package org.dump.node.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
