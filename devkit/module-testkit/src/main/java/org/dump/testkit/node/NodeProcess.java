package org.dump.testkit.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node run from an unpacked distribution with {@code bin/dump-node}, as docs/admin.md has an administrator run
 * several nodes on one machine: a directory of its own (its etc/ and data/) and free ports on loopback. Started in
 * the background; {@link #stop} ends it, killing it if it does not end by itself.
 */
final class NodeProcess {

    private static final Duration SCRIPT = Duration.ofSeconds(60);
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);

    private final Path home;
    private final Path dir;
    private final int http;
    private final int ssh;

    private NodeProcess(Path home, Path dir, int http, int ssh) {
        this.home = home;
        this.dir = dir;
        this.http = http;
        this.ssh = ssh;
    }

    /** Starts a node named {@code name} in {@code dir} from the distribution at {@code home}, and waits until it serves. */
    static NodeProcess start(Path home, Path dir, String name) throws InterruptedException {
        int[] ports = FreePorts.pick(4);
        NodeProcess node = new NodeProcess(home, dir, ports[0], ports[1]);
        Scripts.Result started = node.dumpNode("start", "--http", Integer.toString(ports[0]), "--ssh",
                Integer.toString(ports[1]), "--rmi-registry", Integer.toString(ports[2]), "--rmi-server",
                Integer.toString(ports[3]), "--name", name);
        if (started.exitCode() != 0) {
            throw new AssertionError("the node did not start: " + started);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::kill, "stop the DUMP node in " + dir));
        try {
            node.awaitServing();
        } catch (AssertionError | InterruptedException e) {
            node.kill(); // a node that did not come up must not outlive the failed test
            throw e;
        }
        return node;
    }

    String url() {
        return "http://localhost:" + http + "/";
    }

    int sshPort() {
        return ssh;
    }

    Path dir() {
        return dir;
    }

    /** @return the administrator's first password, which the node writes on its first start */
    String adminPassword() throws IOException, InterruptedException {
        Path file = dir.resolve("data/dump/initial-admin-password");
        long deadline = System.nanoTime() + SCRIPT.toNanos();
        while (!Files.isRegularFile(file) || Files.size(file) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node wrote no " + file + "\n" + logTail());
            }
            Thread.sleep(200);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Waits until GET /api/node answers 200; fails early, with the log, if the node's process is gone. */
    private void awaitServing() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "api/node")).timeout(Duration.ofSeconds(10))
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (processes().isEmpty() && Files.isRegularFile(dir.resolve("karaf.pid"))) {
                throw new AssertionError("the node in " + dir + " ended while starting\n" + logTail());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the node in " + dir + " did not answer " + request.uri() + " within " + STARTUP
                + "\n" + logTail());
    }

    /** Stops the node with {@code bin/dump-node stop} and waits for its process to end; kills what is left. */
    void stop() throws InterruptedException {
        dumpNode("stop");
        long deadline = System.nanoTime() + STOP.toNanos();
        while (!processes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        kill();
    }

    private void kill() {
        for (ProcessHandle process : processes()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** @return the last lines of the node's log, for a failure message */
    String logTail() {
        Path log = dir.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "cannot read " + log + ": " + e;
        }
    }

    private Scripts.Result dumpNode(String command, String... options) {
        List<String> line = new ArrayList<>(List.of(home.resolve("bin/dump-node").toString(), command, dir.toString()));
        line.addAll(List.of(options));
        // Karaf's console output goes to a file beside the node rather than nowhere.
        return Scripts.run(line, home, Map.of("KARAF_REDIRECT", dir.resolve("console.log").toString()), SCRIPT);
    }

    /** @return the processes of this node: its Java process names its directory as karaf.base */
    private List<ProcessHandle> processes() {
        String base = "-Dkaraf.base=" + dir;
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> line.contains(base + " ") || line.endsWith(base)).orElse(false)).toList();
    }
}
