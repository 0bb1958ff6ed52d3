package org.dump.web.internal.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, updates and uninstalls started from the console run here, one after the other on a thread of their
 * own, because a download and a bundle refresh take longer than a browser should wait for an answer. The page
 * polls a job until it is over; each job keeps the steps the installer reported. The newest {@value #KEPT} jobs are
 * kept, in memory only.
 */
final class InstallJobs {

    private static final Logger LOG = LoggerFactory.getLogger(InstallJobs.class);
    static final int KEPT = 20;

    /** Work that reports progress and ends with a change, or is refused. */
    @FunctionalInterface
    interface Work {
        ModuleChange run(InstallProgress progress) throws ModuleRefusedException;
    }

    /**
     * What a job shows: {@code state} is queued, running, done (changed something), unchanged, refused or failed;
     * {@code download} is the percentage of the current download, -1 if none is under way or its size is unknown.
     */
    record View(long id, String action, String module, String state, List<String> steps, int download,
            String summary, String started, String finished) {
    }

    private static final class Job implements InstallProgress {
        final long id;
        final String action;
        final String module;
        final List<String> steps = new ArrayList<>();
        volatile String state = "queued";
        volatile int download = -1;
        volatile String summary;
        volatile Instant started;
        volatile Instant finished;

        Job(long id, String action, String module) {
            this.id = id;
            this.action = action;
            this.module = module;
        }

        @Override
        public synchronized void step(String step) {
            download = -1;
            steps.add(step);
        }

        @Override
        public void downloaded(String what, long bytes, long total) {
            download = total > 0 ? (int) Math.min(100, bytes * 100 / total) : -1;
        }

        synchronized View view() {
            return new View(id, action, module, state, List.copyOf(steps), download, summary,
                    started == null ? null : started.toString(), finished == null ? null : finished.toString());
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Deque<Job> jobs = new ConcurrentLinkedDeque<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dump-console-modules");
        thread.setDaemon(true);
        return thread;
    });

    /** Queues {@code work}; it runs after the jobs before it. */
    View submit(String action, String module, Work work) {
        Job job = new Job(ids.incrementAndGet(), action, module);
        jobs.addFirst(job);
        while (jobs.size() > KEPT) {
            jobs.pollLast();
        }
        worker.execute(() -> run(job, work));
        return job.view();
    }

    Optional<View> find(long id) {
        return jobs.stream().filter(job -> job.id == id).findFirst().map(Job::view);
    }

    List<View> recent() {
        return jobs.stream().map(Job::view).toList();
    }

    void stop() {
        worker.shutdownNow();
    }

    private static void run(Job job, Work work) {
        job.started = Instant.now();
        job.state = "running";
        try {
            ModuleChange change = work.run(job);
            job.summary = change.summary();
            job.state = change.changed() ? "done" : "unchanged";
        } catch (ModuleRefusedException e) {
            job.summary = e.getMessage() != null ? e.getMessage() : "refused";
            job.state = "refused";
        } catch (RuntimeException e) {
            LOG.warn("Console job {} {} failed", job.action, job.module, e);
            // In words, never "failed: null" or a class name: the details are in the log.
            job.summary = "failed: " + (e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                    : "an error inside the node; its log has the details");
            job.state = "failed";
        } finally {
            job.download = -1;
            job.finished = Instant.now();
        }
    }
}
