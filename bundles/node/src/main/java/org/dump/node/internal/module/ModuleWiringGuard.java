package org.dump.node.internal.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dump.node.module.ModuleImports;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps module code ({@link ModuleImports#isModuleCode}) from wiring to the node's own packages and bundles, whatever
 * way it was installed ({@code bundle:install} included): the framework's resolver asks this hook about every
 * candidate of every requirement, dynamic imports too, and a module's candidates outside the adapter API are taken
 * away, so the requirement stays unresolved and the bundle does not run. The repository installer refuses such a
 * bundle earlier, with its reasons; this is the door that no other way of installing gets around.
 *
 * <p>The hook is registered by hand rather than as a DS service so that it is in place before the bundles already
 * wired are checked: a module resolved at start-up before this bundle started is refreshed, and resolves again under
 * the rule (or not at all).
 */
@Component(immediate = true)
public final class ModuleWiringGuard implements ResolverHookFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleWiringGuard.class);

    private final ServiceRegistration<ResolverHookFactory> registration;

    @Activate
    public ModuleWiringGuard(BundleContext context) {
        registration = context.registerService(ResolverHookFactory.class, this, null);
        List<Bundle> wrong = wiredAgainstTheRule(context);
        if (!wrong.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(wrong);
        }
    }

    @Deactivate
    void close() {
        registration.unregister();
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new Hook();
    }

    /** @return whether module code may wire to {@code capability} of another bundle */
    static boolean mayWire(BundleCapability capability) {
        Object name = capability.getAttributes().get(capability.getNamespace());
        return switch (capability.getNamespace()) {
            case PackageNamespace.PACKAGE_NAMESPACE -> ModuleImports.mayImport(String.valueOf(name));
            case BundleNamespace.BUNDLE_NAMESPACE -> ModuleImports.mayRequireBundle(String.valueOf(name));
            case HostNamespace.HOST_NAMESPACE -> ModuleImports.mayAttachTo(String.valueOf(name));
            default -> true;
        };
    }

    static String describe(BundleCapability capability) {
        String kind = switch (capability.getNamespace()) {
            case PackageNamespace.PACKAGE_NAMESPACE -> "package";
            case BundleNamespace.BUNDLE_NAMESPACE -> "Require-Bundle of";
            case HostNamespace.HOST_NAMESPACE -> "Fragment-Host";
            default -> capability.getNamespace();
        };
        return kind + " " + capability.getAttributes().get(capability.getNamespace()) + " of bundle "
                + capability.getRevision().getSymbolicName();
    }

    /** @return the module bundles whose current wiring breaks the rule, logged */
    private static List<Bundle> wiredAgainstTheRule(BundleContext context) {
        List<Bundle> wrong = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null || !ModuleImports.isModuleCode(wiring.getRevision())) {
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires(null)) {
                if (!wire.getProvider().equals(wiring.getRevision()) && !mayWire(wire.getCapability())) {
                    LOG.error("Bundle {} ({}) was wired to {} before the node's guard started: refreshed, so that it "
                            + "resolves again through the adapter API only", bundle.getBundleId(),
                            bundle.getSymbolicName(), describe(wire.getCapability()));
                    wrong.add(bundle);
                    break;
                }
            }
        }
        return wrong;
    }

    /** One resolve operation's view; it reports each refused wire once. */
    private static final class Hook implements ResolverHook {

        private final Set<String> reported = new HashSet<>();

        @Override
        public void filterResolvable(Collection<BundleRevision> candidates) {
            // every bundle may resolve; only its wires are chosen for it
        }

        @Override
        public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisions) {
            // not this hook's business
        }

        @Override
        public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            BundleRevision requirer = requirement.getRevision();
            if (!ModuleImports.isModuleCode(requirer)) {
                return;
            }
            // A module may import what it exports itself (bnd imports the packages it exports, to let them be
            // substituted); such a package then comes from the module, never from another bundle.
            candidates.removeIf(candidate -> {
                boolean refused = !candidate.getRevision().equals(requirer) && !mayWire(candidate);
                if (refused && reported.add(requirer.getBundle().getBundleId() + " " + describe(candidate))) {
                    LOG.warn("Bundle {} ({}) is module code and may not wire to {}: modules use the node only "
                            + "through the adapter API, org.dump.api.*", requirer.getBundle().getBundleId(),
                            requirer.getSymbolicName(), describe(candidate));
                }
                return refused;
            });
        }

        @Override
        public void end() {
            // nothing held
        }
    }
}
