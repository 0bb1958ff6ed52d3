/**
 * How a module shows itself: REST resources that the node mounts under {@code /api/modules/{module}/}, and pages
 * that the node shows inside its user interface under {@code /modules/{module}/{page}/}. Both work as a
 * whiteboard: a module registers a service and the node serves it; when the service goes away (the module stops
 * or is uninstalled), so does what it served.
 *
 * <p>The pages' side of the contract is a script the node serves ({@link org.dump.api.web.ModulePage#SCRIPT}), kept in
 * this package beside the types ({@code dump-page.js}). 2.0: a page name follows
 * {@link org.dump.api.module.ModuleNamespace#ID_PATTERN} (the copy {@code ModulePage.NAME_PATTERN} is gone) and the
 * page contract came in.
 */
@Export
@Version("2.0.0")
package org.dump.api.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
