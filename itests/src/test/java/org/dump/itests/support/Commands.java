package org.dump.itests.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the distribution's scripts (bin/client, bin/dump-node) as a person would, each within a time limit. */
public final class Commands {

    private Commands() {
    }

    /**
     * What a finished command did.
     *
     * @param output its standard output and error, interleaved
     */
    public record Result(List<String> command, int exitCode, String output) {

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    /**
     * Runs {@code command} in {@code directory}, feeds it {@code input} (then end of input), and waits for it.
     * Output goes through a file, never a pipe, so a daemon the command leaves behind cannot hold us up.
     *
     * @throws AssertionError if it has not ended within {@code timeout}; it is killed then
     */
    public static Result run(List<String> command, File directory, Map<String, String> environment, String input,
            Duration timeout) {
        try {
            Path log = Files.createTempFile("command-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory)
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                // Settings of a developer's own Karaf must not leak into the distribution under test.
                builder.environment().keySet().removeIf(name -> name.startsWith("KARAF_") || name.equals("JAVA_OPTS")
                        || name.equals("EXTRA_JAVA_OPTS") || name.equals("JAVA_MAX_MEM") || name.equals("JAVA_MIN_MEM"));
                builder.environment().putAll(environment);
                if (input == null) {
                    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                }
                Process process = builder.start();
                if (input != null) {
                    try (OutputStream stdin = process.getOutputStream()) {
                        stdin.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process.toHandle());
                    throw new AssertionError(String.join(" ", command) + " did not end within " + timeout
                            + "; output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills a process and everything it started, at once (SIGKILL). */
    public static void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** @return true once the process has ended (or never existed), false if it still runs after {@code timeout} */
    public static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(200);
            } else {
                return true;
            }
        }
        return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
