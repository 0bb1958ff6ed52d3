/**
 * Units of work on a JPA persistence unit of the node's datasource, for the node's bundles that keep state in it
 * (the node itself, federation), and what becomes of their writes when its disk is full
 * ({@link org.dump.node.persistence.DatabaseSpace}).
 */
@Export
@Version("1.1.0")
package org.dump.node.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
