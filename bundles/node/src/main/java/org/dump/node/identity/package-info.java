/**
 * The node's cryptographic identity: its Ed25519 key pair, the id derived from it, and opening what other nodes
 * sealed to it. For the platform's own bundles (web, federation, repository); modules see the node through
 * {@code org.dump.api.node} only.
 */
@Export
@Version("1.2.0")
package org.dump.node.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
