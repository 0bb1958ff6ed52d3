package org.dump.testkit.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the distribution's scripts (bin/dump-node) and tar as a person would, each within a time limit. */
final class Scripts {

    private Scripts() {
    }

    /** What a finished command printed (standard output and error), and its exit code. */
    record Result(List<String> command, int exitCode, String output) {

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    /**
     * Runs {@code command} in {@code directory}, with {@code environment} added to this JVM's, and waits for it. Output goes through a file, never a pipe, so that
     * the node the command leaves running cannot hold the test up.
     *
     * @throws AssertionError if it has not ended within {@code timeout}; it is killed then
     */
    static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
        try {
            Path log = Files.createTempFile("dump-testkit-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                // Settings of a developer's own Karaf must not leak into the node under test.
                builder.environment().keySet().removeIf(name -> name.startsWith("KARAF_") || name.equals("JAVA_OPTS")
                        || name.equals("EXTRA_JAVA_OPTS") || name.equals("JAVA_MAX_MEM") || name.equals("JAVA_MIN_MEM"));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
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
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
