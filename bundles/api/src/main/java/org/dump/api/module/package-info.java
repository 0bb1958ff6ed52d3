/**
 * What makes a bundle a DUMP module: the {@link org.dump.api.module.Module} declaration, which the build turns into
 * a {@code dump.module} capability in the bundle's manifest. The node gives a record store, pages and REST resources
 * only to bundles that declare it.
 */
@Export
@Version("1.0.0")
package org.dump.api.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
