/**
 * The node's own users: accounts (username, password, roles) and their profiles (display name, e-mail, avatar,
 * bio). Profiles stay on their home node. For the platform's own bundles; modules never see this package.
 */
@Export
@Version("1.1.0")
package org.dump.node.account;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
