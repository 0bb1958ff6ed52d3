package org.dump.repository.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Now and then reads the peers' repositories, fetches the newer releases of the modules installed here (so that
 * this node can hand them on to its own peers), and, as the policy allows, updates the modules installed from a
 * trusted publisher to the newest compatible version found: never to a new major version, which an administrator
 * installs by hand (beside the old one).
 */
@Component(service = AutoUpdate.class, immediate = true, configurationPid = RepositorySettings.PID)
@Designate(ocd = RepositorySettings.class)
public final class AutoUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(AutoUpdate.class);

    private final NodeRepository repository;
    private final RepositoryInstaller installer;
    private final String policy;
    private final long intervalMillis;
    private volatile boolean stopped;

    @Activate
    public AutoUpdate(@Reference NodeRepository repository, @Reference RepositoryInstaller installer,
            RepositorySettings config) {
        this.repository = repository;
        this.installer = installer;
        this.policy = config.updatePolicy().strip().toLowerCase(java.util.Locale.ROOT);
        this.intervalMillis = Math.max(1, config.intervalSeconds()) * 1000L;
        if (!Set.of("off", ModuleUpdates.POLICY_PATCH, ModuleUpdates.POLICY_MINOR).contains(policy)) {
            LOG.warn("Unknown update policy '{}' in {}: modules are not updated by themselves", policy,
                    RepositorySettings.PID);
        }
        schedule(Math.max(0, config.firstRoundSeconds()) * 1000L);
    }

    @Deactivate
    void stop() {
        stopped = true;
    }

    /** On the repository's shared threads; a round that is due after this component stopped does nothing. */
    private void schedule(long delayMillis) {
        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, repository.threads())
                .execute(this::round);
    }

    private void round() {
        if (stopped) {
            return;
        }
        try {
            repository.readPeers();
            repository.holdNewerReleases();
            if (ModuleUpdates.POLICY_MINOR.equals(policy) || ModuleUpdates.POLICY_PATCH.equals(policy)) {
                updateAll();
            }
        } catch (RuntimeException e) {
            LOG.warn("A round of module updates failed", e);
        } finally {
            long jitter = (long) (intervalMillis * 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1));
            if (!stopped) {
                schedule(intervalMillis + jitter);
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
