/**
 * Who is acting on this node right now: the node's web bundle names the signed-in account of the request it
 * serves, and modules learn it only as a pseudonym (org.dump.api.author).
 */
@Export
@Version("1.0.0")
package org.dump.node.author;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
