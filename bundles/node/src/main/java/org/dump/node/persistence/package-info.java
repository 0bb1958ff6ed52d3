/**
 * Units of work on a JPA persistence unit of the node's datasource, for the node's bundles that keep state in it
 * (the node itself, federation).
 */
@Export
@Version("1.0.0")
package org.dump.node.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
