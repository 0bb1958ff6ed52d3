package org.dump.repository.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.dump.repository.InstallProgress;
import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleRefusedException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Now and then reads the peers' repositories, fetches the newer releases of the modules installed here (so that
 * this node can hand them on to its own peers), and, as the policy allows, updates the modules installed from a
 * trusted publisher to the newest compatible version found: never to a new major version, which an administrator
 * installs by hand (beside the old one).
 */
@Component(service = AutoUpdate.class, immediate = true, configurationPid = AutoUpdate.PID)
@Designate(ocd = AutoUpdate.Config.class)
public final class AutoUpdate {

    static final String PID = "org.dump.repository";
    private static final Logger LOG = LoggerFactory.getLogger(AutoUpdate.class);

    @ObjectClassDefinition(name = "DUMP module repositories",
            description = "How the node reads its peers' repositories and updates its modules.")
    public @interface Config {

        @AttributeDefinition(name = "Update policy", options = {
                @Option(value = "off", label = "off: never update by itself"),
                @Option(value = "patch", label = "patch: 1.2.x only"),
                @Option(value = "minor", label = "minor: 1.x, never 2.0")},
                description = "Which newer versions of an installed module the node installs by itself.")
        String updatePolicy() default RepositoryInstaller.POLICY_MINOR;

        @AttributeDefinition(name = "Interval (seconds)", min = "1",
                description = "Time between two readings of the peers' repositories (±20% at random).")
        int intervalSeconds() default 300;

        @AttributeDefinition(name = "First reading after start (seconds)", min = "0")
        int firstRoundSeconds() default 30;
    }

    private final NodeRepository repository;
    private final RepositoryInstaller installer;
    private final String policy;
    private final long intervalMillis;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread daemon = new Thread(r, "dump-module-updates");
        daemon.setDaemon(true);
        return daemon;
    });

    @Activate
    public AutoUpdate(@Reference NodeRepository repository, @Reference RepositoryInstaller installer,
            Config config) {
        this.repository = repository;
        this.installer = installer;
        this.policy = config.updatePolicy().strip().toLowerCase(java.util.Locale.ROOT);
        this.intervalMillis = Math.max(1, config.intervalSeconds()) * 1000L;
        if (!Set.of("off", RepositoryInstaller.POLICY_PATCH, RepositoryInstaller.POLICY_MINOR).contains(policy)) {
            LOG.warn("Unknown update policy '{}' in {}: modules are not updated by themselves", policy, PID);
        }
        thread.schedule(this::round, Math.max(0, config.firstRoundSeconds()), TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        thread.shutdownNow();
    }

    private void round() {
        try {
            repository.readPeers();
            repository.holdNewerReleases();
            if (RepositoryInstaller.POLICY_MINOR.equals(policy) || RepositoryInstaller.POLICY_PATCH.equals(policy)) {
                updateAll();
            }
        } catch (RuntimeException e) {
            LOG.warn("A round of module updates failed", e);
        } finally {
            long jitter = (long) (intervalMillis * 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1));
            if (!thread.isShutdown()) {
                thread.schedule(this::round, intervalMillis + jitter, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void updateAll() {
        Set<String> modules = new LinkedHashSet<>();
        for (InstalledModule module : repository.installed()) {
            if (module.publisher() != null) {
                modules.add(module.module());
            }
        }
        for (String module : modules) {
            try {
                ModuleChange change = installer.update(module, policy, InstallProgress.SILENT);
                if (change.changed()) {
                    LOG.info("Auto-update ({}): {}", policy, change.summary());
                }
            } catch (ModuleRefusedException e) {
                LOG.warn("Auto-update of {} refused: {}", module, e.getMessage());
            }
        }
    }
}
