/**
 * Signed module repositories. A publisher signs its bundles (JAR signatures) and its repository index (an OSGi R5
 * {@code index.xml} with the SHA-256 of every bundle, signed by a detached Ed25519 signature). A node holds the
 * newest index of every publisher it trusts and the bundles it has, serves both to its peers, reads theirs, and
 * installs nothing whose index signature, digest and JAR signature do not all check out against a trusted publisher.
 */
@Export
@Version("1.1.0")
package org.dump.repository;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
