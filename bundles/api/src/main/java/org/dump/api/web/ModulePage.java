package org.dump.api.web;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page of a module in the node's user interface. Register it as an OSGi service; the node lists it in its
 * navigation and serves the files under {@link #folder()} of the module bundle at
 * {@code /modules/{module}/{name}/}, {@code index.html} first. The page runs in the node's origin, so its scripts
 * call the module's REST resources with the user's session.
 *
 * <p>What a page may rely on in the browser (the module's id and REST address, who is signed in, the CSRF token sent
 * with every change, asking for the profile of a record's author) is the page contract, a script that the node
 * serves at {@link #SCRIPT} and that the page loads before its own scripts:
 * {@code <script src="/api/page/1/dump-page.js" defer></script>}. It defines {@code window.DumpPage}; its functions
 * are described in the module guide (docs/modules.md, "Pages").
 */
@ConsumerType
public interface ModulePage {

    /**
     * Where the node serves the page contract of major version 1. A compatible change to the contract (a new
     * function) keeps this address and raises {@code DumpPage.version}; an incompatible one is served at another
     * address beside this one, so that pages written for version 1 keep working.
     */
    String SCRIPT = "/api/page/1/dump-page.js";

    /**
     * @return the page's name within the module, the last segment of the page's address; it follows
     *         {@link org.dump.api.module.ModuleNamespace#ID_PATTERN}
     */
    String name();

    /** @return the title shown in the node's navigation */
    String title();

    /** @return the folder inside the module bundle that holds the page's files, e.g. {@code /ui/listings} */
    String folder();
}
