package org.dump.repository.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates of an installed module to a newer version of the same publisher within its major ({@code minor}) or
 * minor ({@code patch}) version: the module's bundle is stopped, updated and refreshed, so that only it and what is
 * wired to it restart; if the new version does not resolve or start, the old one is put back and started.
 */
final class ModuleUpdates {

    static final String POLICY_PATCH = "patch";
    static final String POLICY_MINOR = "minor";
    private static final Logger LOG = LoggerFactory.getLogger(ModuleUpdates.class);

    private final InstallSteps steps;

    ModuleUpdates(InstallSteps steps) {
        this.steps = steps;
    }

    ModuleChange update(String module, String policy, InstallProgress progress) throws ModuleRefusedException {
        if (!POLICY_MINOR.equals(policy) && !POLICY_PATCH.equals(policy)) {
            throw new ModuleRefusedException("An update policy is 'minor' or 'patch', not '" + policy + "'");
        }
        List<Bundle> running = steps.bundlesOf(module);
        if (running.isEmpty()) {
            throw new ModuleRefusedException("Module '" + module + "' is not installed here");
        }
        List<SignedIndex> indexes = steps.repository().holdings().indexes();
        Offers offers = new Offers(indexes);
        List<ModuleChange> changes = new ArrayList<>();
        for (Bundle bundle : running) {
            Optional<Offers.Offer> newer = newest(bundle, steps.repository().publisherOf(bundle, indexes), offers,
                    policy);
            if (newer.isPresent()) {
                changes.add(update(bundle, newer.get(), offers, progress));
            }
        }
        if (changes.isEmpty()) {
            return ModuleChange.none(module + " is up to date (" + running.stream()
                    .map(b -> b.getVersion().toString()).collect(Collectors.joining(", ")) + "; policy " + policy
                    + ")");
        }
        return new ModuleChange(changes.stream().map(ModuleChange::summary).collect(Collectors.joining("; ")),
                List.of(), changes.stream().flatMap(c -> c.updated().stream()).toList(), List.of(),
                changes.stream().flatMap(c -> c.restarted().stream()).distinct().toList());
    }

    /**
     * @param publisher the fingerprint of the publisher of what runs, if known
     * @return the newest version of that publisher that the policy allows, if newer than the bundle
     */
    static Optional<Offers.Offer> newest(Bundle bundle, Optional<String> publisher, Offers offers, String policy) {
        Version current = bundle.getVersion();
        return offers.all().stream()
                .filter(o -> o.resource().symbolicName().equals(bundle.getSymbolicName()))
                // An update comes from the publisher of what runs: another trusted publisher's bundle of the
                // same name is a different module as far as updates go.
                .filter(o -> publisher.isEmpty() || publisher.get().equals(o.index().fingerprint()))
                .filter(o -> o.version().compareTo(current) > 0 && o.version().getMajor() == current.getMajor())
                .filter(o -> !POLICY_PATCH.equals(policy) || o.version().getMinor() == current.getMinor())
                .max(Comparator.comparing(Offers.Offer::version));
    }

    private ModuleChange update(Bundle bundle, Offers.Offer newer, Offers offers, InstallProgress progress)
            throws ModuleRefusedException {
        String from = InstallSteps.describe(bundle);
        progress.step("resolving " + newer.resource().describe() + " to replace " + bundle.getVersion());
        List<IndexResource> toInstall = steps.resolve(List.of(newer.resource()), offers, List.of(bundle));
        Map<IndexResource, Path> files = steps.obtain(toInstall, offers, progress);
        Path previous = previousJar(bundle, offers);
        List<Bundle> added = new ArrayList<>();
        try (Restarts restarts = new Restarts(steps.context())) {
            try {
                for (Map.Entry<IndexResource, Path> file : files.entrySet()) {
                    if (file.getKey() == newer.resource()) {
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(file.getValue())) {
                        added.add(steps.context().installBundle(InstallSteps.location(file.getKey()), in));
                    }
                }
                progress.step("updating " + from + " to " + newer.version());
                // Stopped first, and only for now: else the update starts it once and the refresh once more.
                bundle.stop(Bundle.STOP_TRANSIENT);
                try (InputStream in = Files.newInputStream(files.get(newer.resource()))) {
                    bundle.update(in);
                }
                steps.refresh(List.of(bundle));
                for (Bundle library : added) {
                    library.start();
                }
                bundle.start();
                steps.remember(files.keySet(), offers);
            } catch (Exception e) {
                rollBack(bundle, previous, added);
                throw new ModuleRefusedException(newer.resource().describe() + " did not resolve or start ("
                        + e.getMessage() + "); " + from + " is back", e);
            }
            String summary = "Updated " + from + " to " + newer.version() + " (publisher "
                    + newer.index().publisher().name() + "), restarted " + restarts.started().size() + " bundle(s): "
                    + String.join(", ", restarts.started());
            LOG.info("{}", summary);
            return new ModuleChange(summary, added.stream().map(InstallSteps::describe).toList(),
                    List.of(from + " -> " + newer.version()), List.of(), restarts.started());
        }
    }

    /** @return the held jar of the version that runs now, to come back to if the update fails */
    private Path previousJar(Bundle bundle, Offers offers) throws ModuleRefusedException {
        Holdings holdings = steps.repository().holdings();
        Optional<Path> installed = holdings.provenance(bundle.getSymbolicName(), bundle.getVersion().toString())
                .flatMap(p -> holdings.bundle(p.sha256()));
        if (installed.isPresent()) {
            return installed.get();
        }
        for (Offers.Offer offer : offers.all()) {
            if (offer.resource().symbolicName().equals(bundle.getSymbolicName())
                    && offer.version().equals(bundle.getVersion())) {
                Optional<Path> held = holdings.bundle(offer.resource().sha256());
                if (held.isPresent()) {
                    return held.get();
                }
            }
        }
        throw new ModuleRefusedException(InstallSteps.describe(bundle) + " was not installed from a signed "
                + "repository this node holds, so it could not be brought back if the update failed; update refused "
                + "(install the module with dump:module-install)");
    }

    private void rollBack(Bundle bundle, Path previous, List<Bundle> added) {
        try (InputStream in = Files.newInputStream(previous)) {
            bundle.update(in);
            steps.undoInstall(added);
            steps.refresh(List.of(bundle));
            bundle.start();
            LOG.warn("Rolled back to {} {}", bundle.getSymbolicName(), bundle.getVersion());
        } catch (Exception e) {
            LOG.error("Could not bring back {} {}: {}", bundle.getSymbolicName(), previous, e.getMessage(), e);
        }
    }
}
