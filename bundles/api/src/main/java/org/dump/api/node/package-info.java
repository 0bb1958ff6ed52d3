/**
 * What a module may know about the node it runs on: its public id, its name and where it is reachable.
 * Nothing here reveals accounts or profiles.
 */
@Export
@Version("1.0.0")
package org.dump.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
