package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The npm package http-message-signatures, an RFC 9421 implementation independent of DUMP's, run with Node.js
 * through {@code src/test/node/rfc9421/interop.js}. Its version is pinned, with its dependency's, by the
 * {@code package.json} and {@code package-lock.json} there; {@code npm ci} installs them into
 * {@code target/rfc9421-node} once per build directory.
 */
final class Rfc9421Library {

    private static final Path SOURCES = Paths.get("src", "test", "node", "rfc9421");
    private static final Path WORK = Paths.get("target", "rfc9421-node");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rfc9421Library() {
    }

    /** Skips the calling test, saying why, where Node.js or npm is absent; else installs the package if needed. */
    static void install() throws IOException, InterruptedException {
        Assume.assumeTrue("skipped: the RFC 9421 interoperability test needs `node` and `npm` on the PATH "
                + "(Debian: apt-get install nodejs npm), and one of them is missing", runs("node") && runs("npm"));
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "interop.js")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(WORK.resolve("node_modules/http-message-signatures/package.json"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"),
                    300);
            assertEquals("npm ci in " + WORK + " (needs the npm registry) said:\n" + npm, 0, npm.exit());
        }
    }

    /** @return the script's answer to {@code job} (see interop.js) */
    static JsonNode run(JsonNode job) throws IOException, InterruptedException {
        Path file = WORK.resolve("job-" + System.nanoTime() + ".json");
        Files.write(file, JSON.writeValueAsBytes(job));
        try {
            Result node = run(List.of("node", "interop.js", file.getFileName().toString()), 120);
            assertEquals("interop.js said:\n" + node, 0, node.exit());
            return JSON.readTree(node.output());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private record Result(int exit, String output, String errors) {

        @Override
        public String toString() {
            return output + (errors.isEmpty() ? "" : "\n" + errors);
        }
    }

    /** Runs {@code command} in the work directory, its output in files so that a hung process cannot hang us. */
    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile("rfc9421-node", ".out");
        Path errors = Files.createTempFile("rfc9421-node", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectOutput(output.toFile())
                    .redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            assertTrue(String.join(" ", command) + " did not end within " + timeoutSeconds + " s", ended);
            return new Result(process.exitValue(), Files.readString(output), Files.readString(errors));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static boolean runs(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
