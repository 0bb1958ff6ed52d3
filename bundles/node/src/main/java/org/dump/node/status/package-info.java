/**
 * What an administrator needs to see at a glance: who the node is, where it listens, where its data lives.
 */
@Export
@Version("1.1.0")
package org.dump.node.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
