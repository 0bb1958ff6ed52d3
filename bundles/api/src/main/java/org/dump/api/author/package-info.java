/**
 * Who is acting: the signed-in user of the current request, as a module may know them. A module never learns a
 * username, an account id or anything of a profile; it gets an {@link org.dump.api.author.AuthorReference}, a
 * pseudonym that is stable for one user within one module and different in every other module.
 */
@Export
@Version("1.0.0")
package org.dump.api.author;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
