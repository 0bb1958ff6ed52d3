package org.dump.itests.support;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One node run from the distribution by {@link NodeDistribution}: its directory (KARAF_BASE), its ports and its
 * HTTP API; the address its HTTP port listens on (loopback, or its own in a {@link NodeNetwork}), and the words
 * that put its scripts where it runs ({@code ip netns exec NAMESPACE}, or none).
 */
public record NodeProcess(String name, Path dir, int http, int ssh, int rmiRegistry, int rmiServer, Api api,
        String address, List<String> launcher) {

    static final String LOOPBACK = "127.0.0.1";

    /** How long a node may take from bin/dump-node start to answering GET /api/node. */
    static final Duration STARTUP = Duration.ofSeconds(90);

    static NodeProcess create(Path work, String name) {
        return create(work, name, LOOPBACK, List.of());
    }

    static NodeProcess create(Path work, String name, String address, List<String> launcher) {
        int[] ports = FreePorts.pick(4);
        return new NodeProcess(name, work.resolve("node-" + name.toLowerCase()), ports[0], ports[1], ports[2],
                ports[3], new Api(address, ports[0]), address, List.copyOf(launcher));
    }

    /** @return the node's own data directory, where its key and database live */
    public Path data() {
        return dir.resolve("data").resolve("dump");
    }

    /**
     * @return the node's base URL, as a peer would be told it: the default {@code publicBaseUrl} of a node on
     *         loopback (so that a peer that learns of this node by its hello holds it at the same address as one told
     *         by its admin), or the one {@link NodeDistribution#startAt} set for a node at its own address
     */
    public String url() {
        return "http://" + (address.equals(LOOPBACK) ? "localhost" : address) + ":" + http + "/";
    }

    /** @return the node's id, as GET /api/node tells it */
    public String id() {
        return api.get("node").send().json().path("id").asText();
    }

    /** @return the administrator's first password, which the node writes on its first start */
    public String adminPassword() throws InterruptedException, IOException {
        Path file = data().resolve("initial-admin-password");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.isRegularFile(file) || Files.size(file) == 0) {
            if (System.nanoTime() > deadline) {
                fail(name + " wrote no " + file + "\n" + logTail());
            }
            Thread.sleep(200);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    public long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("karaf.pid"), StandardCharsets.US_ASCII).strip());
    }

    /** Waits until the node answers GET /api/node, and returns that answer. */
    public JsonNode awaitUp() throws InterruptedException {
        return awaitUp(STARTUP);
    }

    /** Waits until the node answers GET /api/node, as long as {@code patience}, and returns that answer. */
    public JsonNode awaitUp(Duration patience) throws InterruptedException {
        try {
            return api.awaitNode(patience);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logTail(), e);
        }
    }

    /** @return the last lines of the node's log, for a failure message */
    public String logTail() {
        Path log = dir.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "cannot read " + log + ": " + e;
        }
    }

    /** @return the lines of the node's log that contain any of {@code words}, for a failure message */
    public String logLines(String... words) {
        Path log = dir.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return "lines of " + log + " with " + String.join(" or ", words) + ":\n" + String.join("\n", lines.stream()
                    .filter(line -> Arrays.stream(words).anyMatch(line::contains)).toList());
        } catch (IOException e) {
            return "cannot read " + log + ": " + e;
        }
    }

    /**
     * @return the stacks of the node's own threads (named {@code dump-…}) and of Jetty's busy ones, for a failure
     *         message: a wait that times out shows where the node stands. The whole dump is kept beside the node.
     */
    public String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            Path file = dir.resolve("thread-dump-" + System.currentTimeMillis() + ".txt");
            Files.writeString(file, dump, StandardCharsets.UTF_8);
            StringBuilder own = new StringBuilder("threads of " + name + " (whole dump in " + file + "):\n");
            for (String thread : dump.split("\n\n")) {
                boolean ours = thread.startsWith("\"dump-");
                boolean busyJetty = thread.startsWith("\"qtp") && thread.contains("org.dump.");
                if (ours || busyJetty) {
                    own.append(thread.lines().limit(25).collect(Collectors.joining("\n")))
                            .append("\n\n");
                }
            }
            return own.toString();
        } catch (IOException | RuntimeException e) {
            return "no thread dump of " + name + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump of " + name + ": interrupted";
        }
    }

    /** @return every process started for this node: Karaf's JVM and the bin/karaf shell around it name its directory */
    List<ProcessHandle> processes() {
        // The directory as a whole word: node-n1 must not match node-n10's processes.
        Pattern base = Pattern.compile("-Dkaraf\\.base=" + Pattern.quote(dir.toString()) + "(\\s|$)");
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> base.matcher(line).find()).orElse(false)).toList();
    }
}
