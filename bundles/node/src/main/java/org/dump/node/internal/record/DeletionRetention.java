package org.dump.node.internal.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordInventory;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collection of deletions: a record's signed deletion is kept for {@code deletedRetentionDays}, so that
 * nodes that were offline learn of it and remove their copies, and then removed, once an hour. Its number stays in
 * the seen versions, so no node asks for it again; a node that was offline for longer learns of the number only (as
 * {@link RecordInventory.Difference#gone}) and keeps its copy of such a record.
 * <p>
 * Configured in {@value #PID}. Nodes that set {@code deletedRetentionDays} in {@value RecordCore#PID}, where it was
 * before, keep their setting (with a warning to move it) as long as {@value #PID} has no configuration.
 */
@Component(service = {}, immediate = true, configurationPid = DeletionRetention.PID)
@Designate(ocd = DeletionRetention.Config.class)
public final class DeletionRetention {

    static final String PID = "org.dump.records.deletions";
    /** The name of the setting, here and formerly in {@value RecordCore#PID}. */
    static final String RETENTION = "deletedRetentionDays";

    @ObjectClassDefinition(name = "DUMP record deletions",
            description = "How long the signed deletions of records are kept.")
    public @interface Config {

        @AttributeDefinition(name = "Keep deletions (days)", min = "0",
                description = "How long the signed deletion of a record is kept, so that peers that were offline "
                        + "learn of it and remove their copies. After that only its sequence number is remembered.")
        int deletedRetentionDays() default 14;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeletionRetention.class);

    private final Transactions transactions;
    private final ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dump-record-deletions");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public DeletionRetention(@Reference RecordCore core, Config config, Map<String, Object> properties) {
        this(core.transactions());
        Duration retention = retention(config, properties, core.formerRetentionDays());
        Clock clock = core.clock();
        collector.scheduleWithFixedDelay(() -> collect(clock.instant().minus(retention), retention), 1, 60,
                TimeUnit.MINUTES);
    }

    /**
     * @param own    this component's properties: a configuration of its own gives them a service.pid
     * @param former {@code deletedRetentionDays} as set in {@value RecordCore#PID}, if it is
     * @return how long deletions are kept: as configured here, else as formerly configured, else the default
     */
    static Duration retention(Config config, Map<String, Object> own, Optional<Integer> former) {
        int days = config.deletedRetentionDays();
        if (!own.containsKey(Constants.SERVICE_PID) && former.isPresent()) {
            LOG.warn("{} is set in {}, its former place; it counts until {} is configured: move it there", RETENTION,
                    RecordCore.PID, PID);
            days = former.get();
        }
        return Duration.ofDays(Math.max(0, days));
    }

    /** @return the setting as {@code properties} hold it, if they hold a number */
    static Optional<Integer> retentionDaysIn(Map<String, Object> properties) {
        Object days = properties.get(RETENTION);
        if (days == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.valueOf(days.toString().trim()));
        } catch (NumberFormatException e) {
            LOG.warn("{} {} is no number; ignored", RETENTION, days);
            return Optional.empty();
        }
    }

    /** Without the hourly collection, for tests: they call {@link #collectDeleted}. */
    DeletionRetention(Transactions transactions) {
        this.transactions = transactions;
    }

    @Deactivate
    void stop() {
        collector.shutdownNow();
    }

    private void collect(Instant before, Duration retention) {
        try {
            int removed = collectDeleted(before);
            if (removed > 0) {
                LOG.info("Removed {} deletions older than {} days; their sequence numbers stay in the summary",
                        removed, retention.toDays());
            }
        } catch (DatabaseUnavailableException unavailable) {
            LOG.debug("Old deletions are removed once the database takes writes again"); // the database space said why
        } catch (RuntimeException e) {
            LOG.warn("Could not remove old deletions", e);
        }
    }

    /**
     * Removes the delete versions of records deleted before {@code before}; their numbers stay in the summary.
     *
     * @return how many were removed
     */
    int collectDeleted(Instant before) {
        return transactions.write(manager -> manager.createQuery(
                        "DELETE FROM RecordEntity r WHERE r.deleted = TRUE AND r.updatedMillis < :before")
                .setParameter("before", before.toEpochMilli()).executeUpdate());
    }
}
