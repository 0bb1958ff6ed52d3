package org.dump.repository.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.ResolveContext;
import org.osgi.service.resolver.Resolver;

/**
 * Asks the framework's OSGi resolver whether bundles from the repositories can run here, before anything is
 * downloaded or installed: the bundles to install are the mandatory resources; the installed bundles and every
 * other bundle of the trusted indexes are what their requirements may be met with. The answer is the set of
 * repository bundles to install, or the requirement that nothing meets.
 */
final class ModuleResolution extends ResolveContext {

    private static final Pattern PACKAGE_FILTER = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern LOWER = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern UPPER = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

    private final BundleContext context;
    private final List<IndexResource> mandatory;
    private final List<IndexResource> available;
    /** Bundles that the change replaces: their capabilities do not count. */
    private final Collection<Bundle> replaced;
    private final Map<Resource, Wiring> wirings = new HashMap<>();
    private final List<BundleRevision> installed = new ArrayList<>();

    ModuleResolution(BundleContext context, List<IndexResource> mandatory, List<IndexResource> available,
            Collection<Bundle> replaced) {
        this.context = context;
        this.mandatory = List.copyOf(mandatory);
        this.available = List.copyOf(available);
        this.replaced = List.copyOf(replaced);
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (revision != null && bundle.getState() != Bundle.UNINSTALLED) {
                installed.add(revision);
                if (wiring != null) {
                    wirings.put(revision, wiring);
                }
            }
        }
    }

    /**
     * @return the repository bundles to install so that the mandatory ones resolve, mandatory ones included
     * @throws ResolutionException with a message naming what is missing
     */
    List<IndexResource> resolve(Resolver resolver) throws ResolutionException {
        Map<Resource, List<Wire>> resolution = resolver.resolve(this);
        List<IndexResource> toInstall = new ArrayList<>();
        for (Resource resource : resolution.keySet()) {
            if (resource instanceof IndexResource bundle) {
                toInstall.add(bundle);
            }
        }
        return toInstall;
    }

    @Override
    public Collection<Resource> getMandatoryResources() {
        return new ArrayList<>(mandatory);
    }

    @Override
    public List<Capability> findProviders(Requirement requirement) {
        Filter filter = filter(requirement);
        List<Capability> providers = new ArrayList<>();
        // What runs already comes first: the resolver then prefers it to downloading another copy.
        for (BundleRevision revision : installed) {
            if (replaced.contains(revision.getBundle())) {
                continue;
            }
            Wiring wiring = wirings.get(revision);
            List<Capability> capabilities = wiring != null ? wiring.getResourceCapabilities(requirement.getNamespace())
                    : revision.getCapabilities(requirement.getNamespace());
            for (Capability capability : capabilities) {
                if (matches(filter, capability)) {
                    providers.add(capability);
                }
            }
        }
        List<IndexResource> candidates = new ArrayList<>(mandatory);
        available.stream().filter(r -> !mandatory.contains(r))
                .sorted(Comparator.comparing(IndexResource::version).reversed()).forEach(candidates::add);
        for (IndexResource resource : candidates) {
            for (Capability capability : resource.getCapabilities(requirement.getNamespace())) {
                if (matches(filter, capability)) {
                    providers.add(capability);
                }
            }
        }
        return providers;
    }

    @Override
    public int insertHostedCapability(List<Capability> capabilities, HostedCapability hostedCapability) {
        capabilities.add(hostedCapability);
        return capabilities.size() - 1;
    }

    @Override
    public boolean isEffective(Requirement requirement) {
        String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
    }

    @Override
    public Map<Resource, Wiring> getWirings() {
        return wirings;
    }

    private static Filter filter(Requirement requirement) {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (filter == null) {
            return null;
        }
        try {
            return FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("a requirement with a malformed filter: " + filter, e);
        }
    }

    private static boolean matches(Filter filter, Capability capability) {
        return filter == null || filter.matches(capability.getAttributes());
    }

    /** @return a requirement in words: {@code package org.dump.api.record [2.0.0,3.0.0)} rather than its filter */
    static String describe(Requirement requirement) {
        String filter = Optional.ofNullable(requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE))
                .orElse("");
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            Matcher name = PACKAGE_FILTER.matcher(filter);
            if (name.find()) {
                Matcher lower = LOWER.matcher(filter);
                Matcher upper = UPPER.matcher(filter);
                String low = lower.find() ? lower.group(1) : "0.0.0";
                return "package " + name.group(1) + " version " + (upper.find() ? "[" + low + "," + upper.group(1)
                        + ")" : low + " or later");
            }
        }
        return requirement.getNamespace() + " " + filter;
    }
}
