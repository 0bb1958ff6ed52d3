/**
 * Who is acting: the signed-in user of the current request, as a module may know them. A module never learns a
 * username, an account id or anything of a profile; it gets an {@link org.dump.api.record.AuthorReference}, a
 * pseudonym that is stable for one user within one module and different in every other module.
 *
 * <p>This package depends on {@code org.dump.api.record} (the acting user is compared with a record's author), never
 * the other way round: the API's packages form no cycle. 2.0: {@code AuthorReference} moved to
 * {@code org.dump.api.record}, where records and filters use it.
 */
@Export
@Version("2.0.0")
package org.dump.api.author;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
