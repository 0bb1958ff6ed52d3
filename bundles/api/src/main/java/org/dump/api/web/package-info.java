/**
 * How a module shows itself: REST resources that the node mounts under {@code /api/modules/{module}/}, and pages
 * that the node shows inside its user interface under {@code /modules/{module}/{page}/}. Both work as a
 * whiteboard: a module registers a service and the node serves it; when the service goes away (the module stops
 * or is uninstalled), so does what it served.
 */
@Export
@Version("1.0.0")
package org.dump.api.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
