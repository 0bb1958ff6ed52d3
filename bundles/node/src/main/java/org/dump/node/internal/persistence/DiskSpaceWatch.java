package org.dump.node.internal.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import javax.sql.DataSource;

import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link DatabaseSpace}. When a unit of work fails for lack of disk space, a run of refusals starts: one
 * line in the log, and every write refused at once from then on, so that nothing touches a database that cannot
 * store it (Derby shuts the database down at each such failure, and opens it again with a recovery at the next
 * connection). Writes are let through again when the database's file system has {@code resumeFreeMegabytes} free
 * (looked at, at most once a second, when a write comes), or, when its disk cannot be looked at (a database server)
 * or free space did not help, every {@link #RETRY_AFTER}. The first write that then commits ends the run: one line
 * more. No thread of its own, no restart: the node goes on by itself when the disk has room. Work whose connection
 * the database closed under it (Derby shutting the database down, at the moment the disk fills) fails with a
 * {@link DatabaseUnavailableException}: a new connection opens the database again.
 */
@Component(service = DatabaseSpace.class, configurationPid = DiskSpaceWatch.PID)
@Designate(ocd = DiskSpaceWatch.Config.class)
public final class DiskSpaceWatch implements DatabaseSpace {

    static final String PID = "org.dump.database";

    @ObjectClassDefinition(name = "DUMP database space",
            description = "What the node does when the disk of its database is full.")
    public @interface Config {

        @AttributeDefinition(name = "Free space to take writes again (MiB)", description = "Once the database ran "
                + "out of disk space, writes are refused (HTTP 507) until its file system has this much free space "
                + "again (embedded Derby; a database server is tried again every 10 seconds).", min = "1")
        int resumeFreeMegabytes() default 32;
    }

    /** How long clients are told to wait, and how often writes are tried when free space tells nothing. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    /** How often free space is looked at while writes are refused: not at every refused request. */
    static final Duration LOOK = Duration.ofSeconds(1);
    /** How long a client whose work lost its connection is told to wait: a new connection opens the database. */
    static final Duration RETRY_LOST = Duration.ofSeconds(1);
    private static final Duration LOST_LOGGED_EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceWatch.class);

    private final Supplier<DatabaseLocation> locate;
    private final ToLongFunction<Path> freeBytes;
    private final long resumeBytes;
    private final Clock clock;
    private volatile DatabaseLocation location;
    /** The run of refusals under way, or null while the database has room. Changed under this object's lock. */
    private volatile Refusals run;
    /** When a lost connection was last logged; guarded by this. */
    private Instant lastLostLogged;

    @Activate
    public DiskSpaceWatch(@Reference(target = "(osgi.jndi.service.name=dump)") DataSource dataSource, Config config) {
        this(() -> locate(dataSource), DiskSpaceWatch::usableSpace, config.resumeFreeMegabytes() * 1024L * 1024L,
                Clock.systemUTC());
    }

    /** @param freeBytes the free bytes of a directory's file system, negative if they cannot be told */
    DiskSpaceWatch(Supplier<DatabaseLocation> locate, ToLongFunction<Path> freeBytes, long resumeBytes, Clock clock) {
        this.locate = locate;
        this.freeBytes = freeBytes;
        this.resumeBytes = Math.max(1, resumeBytes);
        this.clock = clock;
        this.location = locate.get(); // while the database is well; asked again if it did not answer
    }

    @Override
    public void checkWritable() {
        if (run == null) {
            return;
        }
        synchronized (this) {
            Refusals current = run;
            if (current == null || current.trying) {
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(current.nextLook) && (!current.byFreeSpace || free(current.where) >= resumeBytes)) {
                current.trying = true; // the writes from now on try; the first that commits ends the run
                return;
            }
            if (current.byFreeSpace && !now.isBefore(current.nextLook)) {
                current.nextLook = now.plus(LOOK);
            }
            current.refused++;
        }
        throw new StorageFullException(true, RETRY_AFTER, null);
    }

    @Override
    public void wrote() {
        if (run == null) {
            return;
        }
        synchronized (this) {
            Refusals ended = run;
            // A write that began before the run may still commit (it fitted in pages the database had): only a
            // write let through to try tells that there is room again.
            if (ended == null || !ended.trying) {
                return;
            }
            run = null;
            long free = free(ended.where);
            LOG.info("Database at {} has disk space again{}: writes are taken again ({} refused in {} s)",
                    ended.where, free >= 0 ? " (" + size(free) + " free)" : "", ended.refused,
                    Duration.between(ended.since, clock.instant()).toSeconds());
        }
    }

    @Override
    public RuntimeException failed(RuntimeException failure, boolean writing) {
        if (failure instanceof DatabaseUnavailableException) {
            return failure;
        }
        Optional<String> reason = DatabaseFailures.outOfSpace(failure);
        if (reason.isEmpty()) {
            return DatabaseFailures.connectionLost(failure).<RuntimeException>map(lost -> lostConnection(failure, lost))
                    .orElse(failure);
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (run == null) {
                DatabaseLocation where = location != null && location != DatabaseLocation.UNKNOWN ? location
                        : (location = locate.get());
                run = new Refusals(now, where);
                long free = run.refuseFrom(now, free(where), resumeBytes);
                LOG.error("Database out of disk space at {}{}: {}. Writes are refused (HTTP 507) until {}; the node "
                        + "then takes them again by itself. Free space on that disk.", where,
                        free >= 0 ? " (" + size(free) + " free)" : "", reason.get().replaceAll("[.\\s]+$", ""),
                        run.byFreeSpace ? size(resumeBytes) + " are free there" : "it has room again (tried every "
                                + RETRY_AFTER.toSeconds() + " s)");
            } else if (run.trying) {
                // Let through to try, and still no room: refused again, silently (the run's line says it all).
                run.trying = false;
                run.refuseFrom(now, free(run.where), resumeBytes);
            }
            run.refused++;
        }
        return new StorageFullException(writing, RETRY_AFTER, failure);
    }

    /**
     * Work whose connection the database closed under it: Derby shuts a database down when its disk is full (the
     * work under way when the disk filled meets that before the run of refusals has begun), a server restarts.
     * It may be tried again at once, on a new connection (the pool checks each one). A write was most likely not
     * done; only one whose commit the database had recorded just before it closed the connection was.
     */
    private RuntimeException lostConnection(RuntimeException failure, String lost) {
        Instant now = clock.instant();
        synchronized (this) {
            if (run == null && (lastLostLogged == null || !now.isBefore(lastLostLogged.plus(LOST_LOGGED_EVERY)))) {
                lastLostLogged = now;
                LOG.warn("The database at {} closed the connection of work under way ({}): it was shut down or "
                        + "restarted; the work is answered 503, to be tried again (logged at most once a minute)",
                        location, lost);
            }
        }
        return new DatabaseUnavailableException("the node's database closed the connection of this request (it was "
                + "shut down or restarted); try again", RETRY_LOST, failure);
    }

    /** @return whether writes are refused now, for tests */
    boolean refusing() {
        return run != null && !run.trying;
    }

    private long free(DatabaseLocation where) {
        return where.directory().map(freeBytes::applyAsLong).orElse(-1L);
    }

    /** A run of refusals: since when, where, and when writes are let through to try again. Guarded by the watch. */
    private static final class Refusals {
        final Instant since;
        final DatabaseLocation where;
        boolean byFreeSpace;
        Instant nextLook;
        boolean trying;
        long refused;

        Refusals(Instant since, DatabaseLocation where) {
            this.since = since;
            this.where = where;
        }

        /**
         * Refuses writes from {@code now}: until free space reaches {@code resumeBytes} if free space is what is
         * short; else (a quota, a file-size limit, a database server) for {@link #RETRY_AFTER}.
         *
         * @return {@code free}
         */
        long refuseFrom(Instant now, long free, long resumeBytes) {
            byFreeSpace = free >= 0 && free < resumeBytes;
            nextLook = now.plus(byFreeSpace ? LOOK : RETRY_AFTER);
            return free;
        }
    }

    private static DatabaseLocation locate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            Path derbyHome = Path.of(System.getProperty("derby.system.home", System.getProperty("user.dir", ".")));
            return DatabaseLocation.of(connection.getMetaData().getURL(), derbyHome);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot tell where the database is: {}", e.toString());
            return DatabaseLocation.UNKNOWN;
        }
    }

    /** @return the bytes free to this process on the file system of {@code directory}, -1 if it cannot be told */
    static long usableSpace(Path directory) {
        try {
            Path existing = directory;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String size(long bytes) {
        if (bytes >= 1024L * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
        }
        return bytes >= 1024L * 1024 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }
}
