package org.dump.api.web;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page of a module in the node's user interface. Register it as an OSGi service; the node lists it in its
 * navigation and serves the files under {@link #folder()} of the module bundle at
 * {@code /modules/{module}/{name}/}, {@code index.html} first. The page runs in the node's origin, so its scripts
 * call the module's REST resources with the user's session: read the CSRF token from {@code GET /api/session} and
 * send it as {@code X-CSRF-Token} with every change, and send {@code X-Requested-With} with every request, so that
 * a 401 does not make the browser ask for a password itself.
 */
@ConsumerType
public interface ModulePage {

    /** What a page name looks like: it is the last segment of the page's address. */
    String NAME_PATTERN = "[a-z][a-z0-9-]{0,31}";

    /** @return the page's name within the module, see {@link #NAME_PATTERN} */
    String name();

    /** @return the title shown in the node's navigation */
    String title();

    /** @return the folder inside the module bundle that holds the page's files, e.g. {@code /ui/listings} */
    String folder();
}
