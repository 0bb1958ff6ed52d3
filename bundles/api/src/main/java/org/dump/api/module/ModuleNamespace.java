package org.dump.api.module;

/**
 * The {@code dump.module} capability namespace, for modules that write their manifest by hand instead of using
 * {@link Module}: {@code Provide-Capability: dump.module;dump.module=market;data.version=1.0.0;search:List<String>="listing.title"}.
 */
public final class ModuleNamespace {

    /** The namespace, and the attribute that holds the module id. */
    public static final String NAMESPACE = "dump.module";

    /** The attribute that holds the version of the module's data (major.minor.micro). */
    public static final String DATA_VERSION_ATTRIBUTE = "data.version";

    /**
     * The attribute that lists the text fields a module's searches look in, each as {@code type.field} (a list of
     * strings, or one string with the entries separated by commas); see {@link Module#search()}.
     */
    public static final String SEARCH_ATTRIBUTE = "search";

    /**
     * What every name of the adapter looks like: a lower-case letter, then lower-case letters, digits and dashes, at
     * most 32 characters. Module ids follow it (they name the module in URLs, {@code /api/modules/{id}}, and on the
     * wire between nodes), and so do record types ({@code RecordStore.create}) and page names
     * ({@code ModulePage.name()}), which appear in the same URLs and messages. This is its only
     * definition: the node checks all three against it.
     */
    public static final String ID_PATTERN = "[a-z][a-z0-9-]{0,31}";

    private ModuleNamespace() {
    }
}
