package org.dump.node.internal.module;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dump.api.module.ModuleNamespace;
import org.dump.node.module.RunningModule;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Reads a bundle's {@code dump.module} capability: the declaration that makes it a module. A module whose data is
 * of major version 2 or later runs under its id with {@code -v} and that major version ({@code market-v2}): data
 * of another major version is another data set, stored, served ({@code /api/modules/market-v2/}) and exchanged
 * with other nodes apart from the first, so that two major versions of a module can run side by side.
 */
final class ModuleDeclaration {

    private static final Pattern ID = Pattern.compile(ModuleNamespace.ID_PATTERN);
    /** What ids of later major versions look like; no module may declare such an id itself. */
    private static final Pattern MAJOR_SUFFIX = Pattern.compile(".*-v[0-9]+");

    private ModuleDeclaration() {
    }

    /**
     * @return the module the bundle declares, or empty if it declares none
     * @throws IllegalArgumentException if the declaration is there but wrong: two of them, a bad id or version
     */
    static Optional<RunningModule> of(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return Optional.empty();
        }
        List<BundleCapability> declared = revision.getDeclaredCapabilities(ModuleNamespace.NAMESPACE);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        if (declared.size() > 1) {
            throw new IllegalArgumentException("bundle " + bundle.getSymbolicName() + " declares "
                    + declared.size() + " modules; a bundle is one module");
        }
        Object id = declared.get(0).getAttributes().get(ModuleNamespace.NAMESPACE);
        if (!(id instanceof String) || !ID.matcher((String) id).matches()) {
            throw new IllegalArgumentException("bundle " + bundle.getSymbolicName() + " declares the module id '"
                    + id + "'; an id matches " + ModuleNamespace.ID_PATTERN);
        }
        if (MAJOR_SUFFIX.matcher((String) id).matches()) {
            throw new IllegalArgumentException("bundle " + bundle.getSymbolicName() + " declares the module id '" + id
                    + "'; ids ending in -v and a number are kept for the later major versions of modules");
        }
        Object dataVersion = declared.get(0).getAttributes().get(ModuleNamespace.DATA_VERSION_ATTRIBUTE);
        if (dataVersion == null) {
            throw new IllegalArgumentException("module " + id + " declares no " + ModuleNamespace.DATA_VERSION_ATTRIBUTE);
        }
        Version version;
        try {
            version = dataVersion instanceof Version v ? v : Version.parseVersion(dataVersion.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("module " + id + " declares the data version '" + dataVersion
                    + "', which is not major.minor.micro");
        }
        String running = version.getMajor() <= 1 ? (String) id : id + "-v" + version.getMajor();
        if (!ID.matcher(running).matches()) {
            throw new IllegalArgumentException("module " + id + " of data version " + version + " would run as '"
                    + running + "', which is longer than an id may be");
        }
        return Optional.of(new RunningModule(running, version, bundle.getBundleId(), bundle.getSymbolicName(),
                bundle.getVersion()));
    }
}
