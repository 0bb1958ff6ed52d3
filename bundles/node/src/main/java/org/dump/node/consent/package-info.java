/**
 * Profiles by consent: a user asks for the profile of a record's author, the author's home node keeps the request
 * for the author to accept or refuse, and only an accepted request brings the profile to the asking node, for the
 * asking user alone, until the author revokes it.
 * <p>
 * {@link ProfileRequests} is the asking side, {@link ProfileGrants} the author's side. Between nodes the messages
 * travel through {@link ConsentCourier} (which federation provides: signed requests to peers) and arrive at
 * {@link ConsentInbox}. For the platform's own bundles; modules never see this package.
 */
@Export
@Version("1.0.0")
package org.dump.node.consent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
