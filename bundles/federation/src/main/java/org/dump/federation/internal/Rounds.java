package org.dump.federation.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.dump.node.persistence.DatabaseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run now and then on a daemon thread of its own: first after a delay, then every interval, each wait 20%
 * longer or shorter at random, so that nodes started together do not stay in step. A round that fails is logged
 * and the next one comes all the same. Tasks asked for {@link #soon} under a key wait once per key, so that what
 * peers make this node do (a peer's module news asks for a catch-up) cannot pile up while a round is slow.
 */
final class Rounds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);

    private final Runnable round;
    private final long intervalMillis;
    private final String name;
    private final ScheduledThreadPoolExecutor thread;
    /** The keys of the tasks that wait to run. */
    private final Set<Object> waiting = ConcurrentHashMap.newKeySet();

    Rounds(String name, Runnable round, Duration first, Duration interval) {
        this.name = name;
        this.round = round;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread daemon = new Thread(r, name);
            daemon.setDaemon(true);
            return daemon;
        });
        thread.schedule(this::run, Math.max(0, first.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            round.run();
        } catch (RuntimeException e) {
            failed("A round", e);
        } finally {
            long jitter = (long) (intervalMillis * 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1));
            if (!thread.isShutdown()) {
                thread.schedule(this::run, intervalMillis + jitter, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Runs {@code task} once on the rounds' own thread, soon: between rounds, never during one. While a task of the
     * same {@code key} waits, this one is not queued: that one does the same.
     *
     * @param key what the task does, e.g. "catch up with peer X"; equal keys do the same
     */
    void soon(Object key, Runnable task) {
        if (thread.isShutdown() || !waiting.add(key)) {
            return;
        }
        try {
            thread.execute(() -> {
                waiting.remove(key);
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failed("A task", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            waiting.remove(key); // closed meanwhile: the node is stopping
        }
    }

    /** @return the tasks queued on the thread: the next round, and those asked for {@link #soon} */
    int queued() {
        return thread.getQueue().size();
    }

    /**
     * Logs a failure of a round or task; one that met a database out of disk space or restarting in a line for
     * debugging only: the database space logged that, once, and the next round tries again.
     */
    private void failed(String what, RuntimeException e) {
        if (DatabaseUnavailableException.in(e).isPresent()) {
            LOG.debug("{} of {} waits for the database: {}", what, name, e.getMessage());
        } else {
            LOG.warn("{} of {} failed", what, name, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
