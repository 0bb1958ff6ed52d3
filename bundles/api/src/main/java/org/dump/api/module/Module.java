package org.dump.api.module;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares the bundle a DUMP module. Put it on one class or on a {@code package-info.java} of the module; the bundle
 * plugin (bnd) writes the {@code dump.module} capability into the manifest, where the node reads it:
 *
 * <pre>
 * &#64;Module(id = "market", dataVersion = "1.0.0")
 * package org.example.market;
 * </pre>
 *
 * The data version travels with every record the module writes. Nodes exchange a module's records only between
 * compatible data versions: same major version.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Capability(namespace = ModuleNamespace.NAMESPACE)
public @interface Module {

    /** The module id, see {@link ModuleNamespace#ID_PATTERN}; the same on every node that runs the module. */
    @Attribute(ModuleNamespace.NAMESPACE)
    String id();

    /** The version of the module's data format, as major.minor.micro. */
    @Attribute(ModuleNamespace.DATA_VERSION_ATTRIBUTE)
    String dataVersion();

    /**
     * The string fields that the module searches with {@link org.dump.api.record.RecordFilter#textContains}, each
     * as {@code type.field} ({@code "listing.title"}). The node keeps a full-text index of these fields, so such
     * searches take milliseconds however many records the module holds; a search in a field not declared here
     * gives the same answer, but reads every record of the type.
     */
    @Attribute(ModuleNamespace.SEARCH_ATTRIBUTE)
    String[] search() default {};
}
