/**
 * The modules running on this node, for the node's own web, shell and federation bundles, and the rule of what a
 * module may import ({@link org.dump.node.module.ModuleImports}, added in 1.1).
 */
@Export
@Version("1.1.0")
package org.dump.node.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
