/**
 * Module records as signed statements of their origin node: what federation ships between nodes and what anyone
 * holding the origin's public key can check.
 */
@Export
@Version("2.3.0")
package org.dump.node.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
