package org.dump.itests.support;

import static org.dump.itests.support.TestRuns.deleteEarlierRuns;
import static org.dump.itests.support.TestRuns.setProperty;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The distribution as an administrator gets it: the tar.gz unpacked into itests/target, from which nodes run as
 * separate processes with bin/dump-node, each with its own directory and free ports on loopback. {@link #close}
 * stops every node it started, and kills any that will not stop: no Java process outlives a test class.
 */
public final class NodeDistribution implements AutoCloseable {

    private static final Duration SCRIPT = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(60);
    /** How often {@link #client} runs a command whose session closed or whose password was refused. */
    private static final int CLIENT_ATTEMPTS = 3;

    private final String prefix;
    private final Path work;
    private final Path home;
    private final List<NodeProcess> started = new CopyOnWriteArrayList<>();

    /**
     * Unpacks the distribution (system property dump.distribution, set by itests/pom.xml) into a new directory
     * {@code prefix-*} of itests/target, after removing what earlier runs with that prefix left there.
     */
    public NodeDistribution(String prefix) throws IOException, InterruptedException {
        NodeDatabases.assumeReachable();
        this.prefix = prefix;
        String distribution = System.getProperty("dump.distribution");
        if (distribution == null || !new File(distribution).isFile()) {
            throw new IllegalStateException("system property dump.distribution must name the dump-node tar.gz (set by "
                    + "itests/pom.xml); it is '" + distribution + "'");
        }
        Path target = Files.createDirectories(Path.of(System.getProperty("dump.itests.work", "target")).toAbsolutePath());
        deleteEarlierRuns(target, prefix + "-");
        work = Files.createTempDirectory(target, prefix + "-").toRealPath();
        Commands.Result untar = Commands.run(List.of("tar", "-xzf", distribution, "-C", work.toString()), work.toFile(),
                Map.of(), null, SCRIPT);
        assertEquals(untar.toString(), 0, untar.exitCode());
        try (Stream<Path> unpacked = Files.list(work)) {
            home = unpacked.filter(dir -> Files.isRegularFile(dir.resolve("bin/dump-node"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no bin/dump-node in " + distribution));
        }
        // Keep the nodes' HTTP ports on the loopback interface (the default listens on every interface). Each
        // node copies this etc/ into its own directory on its first start.
        Path webConfig = home.resolve("etc/org.ops4j.pax.web.cfg");
        Files.writeString(webConfig, Files.readString(webConfig).replaceAll(
                "(?m)^org\\.ops4j\\.pax\\.web\\.listening\\.addresses\\s*=.*$",
                "org.ops4j.pax.web.listening.addresses = 127.0.0.1"));
        // Should this JVM be ended before close() (Ctrl-C), the nodes end with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(node -> node.processes()
                .forEach(ProcessHandle::destroyForcibly)), "stop the nodes of " + work));
    }

    /**
     * Writes {@code etc/PID.cfg} into the distribution, for every node started from now on (each copies etc/ on its
     * first start).
     */
    public void configure(String pid, String... lines) throws IOException {
        Files.writeString(home.resolve("etc").resolve(pid + ".cfg"), String.join("\n", lines) + "\n");
    }

    /**
     * Sets {@code key} in the distribution's {@code etc/PID.cfg} (replacing its line, or adding one; the file is made
     * if it is not there), for every node started from now on.
     */
    public void setting(String pid, String key, String value) throws IOException {
        setProperty(home.resolve("etc").resolve(pid + ".cfg"), key, value);
    }

    /** @return the unpacked distribution (KARAF_HOME of every node) */
    public Path home() {
        return home;
    }

    /** @return the directory of this run, where the nodes' directories are */
    public Path work() {
        return work;
    }

    /** Starts one new node for each name, all at once, and waits until each answers. */
    public List<NodeProcess> start(String... names) throws InterruptedException {
        try {
            return startEditing((name, etc) -> { }, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one new node whose scripts run behind {@code launcher} (e.g. {@code ip netns exec NAMESPACE}) and whose
     * HTTP port listens on {@code address}, which is also its {@code publicBaseUrl}: set in the node's own
     * etc/org.dump.node.cfg and etc/org.ops4j.pax.web.cfg before its first start, as docs/admin.md tells an
     * administrator. Does not wait for it to answer.
     */
    public NodeProcess startAt(String name, String address, List<String> launcher) throws IOException {
        NodeProcess node = NodeProcess.create(work, name, address, launcher);
        Path etc = ownConfiguration(node);
        setProperty(etc.resolve("org.dump.node.cfg"), "publicBaseUrl", node.url());
        setProperty(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", address);
        started.add(node);
        Commands.Result result = dumpNode("start", node, "--http", Integer.toString(node.http()), "--ssh",
                Integer.toString(node.ssh()), "--rmi-registry", Integer.toString(node.rmiRegistry()),
                "--rmi-server", Integer.toString(node.rmiServer()), "--name", node.name());
        assertEquals(result.toString(), 0, result.exitCode());
        return node;
    }

    /**
     * Starts one new node for each name, all at once, each with the settings {@code settings} gives for its name
     * ({@code PID -> key -> value}) written into its own etc/ before its first start, as an administrator would edit
     * them; waits until each answers.
     */
    public List<NodeProcess> start(Function<String, Map<String, Map<String, String>>> settings, String... names)
            throws IOException, InterruptedException {
        return startEditing((name, etc) -> {
            for (Map.Entry<String, Map<String, String>> pid : settings.apply(name).entrySet()) {
                for (Map.Entry<String, String> setting : pid.getValue().entrySet()) {
                    setProperty(etc.resolve(pid.getKey() + ".cfg"), setting.getKey(), setting.getValue());
                }
            }
        }, names);
    }

    /**
     * Starts one new node on a fresh PostgreSQL database of its own, whatever database this run gives the others,
     * set up as docs/admin.md ("Using PostgreSQL") tells an administrator; waits until it answers.
     */
    public NodeProcess startOnPostgresql(String name) throws IOException, InterruptedException {
        EtcEdit edit = NodeDatabases.postgresql() ? (node, etc) -> { } // this run has put it there already
                : (node, etc) -> NodeDatabases.usePostgresql(etc, prefix + "_" + node);
        return startEditing(edit, name).get(0);
    }

    /** How a test edits a node's own etc/ before its first start. */
    @FunctionalInterface
    private interface EtcEdit {
        void apply(String name, Path etc) throws IOException;
    }

    private List<NodeProcess> startEditing(EtcEdit edit, String... names) throws IOException, InterruptedException {
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : names) {
            NodeProcess node = NodeProcess.create(work, name);
            edit.apply(name, ownConfiguration(node));
            started.add(node);
            Commands.Result result = dumpNode("start", node, "--http", Integer.toString(node.http()), "--ssh",
                    Integer.toString(node.ssh()), "--rmi-registry", Integer.toString(node.rmiRegistry()),
                    "--rmi-server", Integer.toString(node.rmiServer()), "--name", node.name());
            assertEquals(result.toString(), 0, result.exitCode());
            nodes.add(node);
        }
        for (NodeProcess node : nodes) {
            node.awaitUp();
        }
        return nodes;
    }

    /**
     * Gives a node not started yet its own etc/, copied from the distribution's as bin/dump-node would, and its own
     * database when the run asks for PostgreSQL ({@link NodeDatabases}).
     */
    private Path ownConfiguration(NodeProcess node) throws IOException {
        Path etc = Files.createDirectories(node.dir()).resolve("etc");
        try (Stream<Path> files = Files.walk(home.resolve("etc"))) {
            for (Path file : files.toList()) {
                Files.copy(file, etc.resolve(home.resolve("etc").relativize(file).toString()));
            }
        }
        NodeDatabases.configure(etc, prefix + "_" + node.name());
        return etc;
    }

    /** Starts again nodes that were stopped (their ports and names are in their etc/), and waits for each. */
    public void restart(NodeProcess... nodes) throws InterruptedException {
        for (NodeProcess node : nodes) {
            Commands.Result result = dumpNode("start", node);
            assertEquals(result.toString(), 0, result.exitCode());
        }
        for (NodeProcess node : nodes) {
            node.awaitUp();
        }
    }

    /** Runs {@code bin/dump-node COMMAND NODE-DIR OPTIONS…}. */
    public Commands.Result dumpNode(String command, NodeProcess node, String... options) {
        List<String> line = new ArrayList<>(node.launcher());
        line.addAll(List.of(home.resolve("bin/dump-node").toString(), command, node.dir().toString()));
        line.addAll(List.of(options));
        // Karaf's console output goes to a file in the node's directory rather than to /dev/null.
        return Commands.run(line, home.toFile(), Map.of("KARAF_REDIRECT", node.dir().resolve("console.log").toString()),
                null, SCRIPT);
    }

    /**
     * Runs one command in the node's Karaf shell as its administrator: over SSH from this JVM ({@link KarafShell})
     * for a node on loopback, through the real bin/client for one in a network namespace (where the shell listens
     * on that namespace's loopback).
     */
    public Commands.Result client(NodeProcess node, String command) throws InterruptedException, IOException {
        if (!node.launcher().isEmpty()) {
            return binClient(node, command);
        }
        return retried(node, () -> KarafShell.run(node.ssh(), "admin", node.adminPassword(), command));
    }

    /** Runs one command in the node's Karaf shell through the real bin/client, as its administrator. */
    public Commands.Result binClient(NodeProcess node, String command) throws InterruptedException, IOException {
        return retried(node, () -> {
            // The shell listens on the loopback interface of wherever the node runs: the client runs there too.
            List<String> line = new ArrayList<>(node.launcher());
            line.addAll(List.of(home.resolve("bin/dump-node").toString(), "client", node.dir().toString(), "-h",
                    "127.0.0.1", "-u", "admin", "-p", node.adminPassword(), "-b"));
            return Commands.run(line, home.toFile(), Map.of(), command + "\n", SCRIPT);
        });
    }

    private interface ShellRun {
        Commands.Result run() throws IOException, InterruptedException;
    }

    private Commands.Result retried(NodeProcess node, ShellRun run) throws InterruptedException, IOException {
        Commands.Result result = null;
        for (int attempt = 1; attempt <= CLIENT_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                Thread.sleep(2000);
            }
            result = run.run();
            // Now and then, on a busy machine, the SSH session of a freshly started node closes before the command
            // runs, or its SSH channel breaks before the command is sent ("Broken pipe"): then the command did
            // nothing, and trying again is safe. A refused password (once in many CI runs) was another node's SSH
            // server on the same port (FreePorts now never hands out a port twice); the node's log goes to the
            // test's output, so that a refusal can still be understood from a CI log.
            String output = result.output().strip();
            boolean refused = output.endsWith("No more authentication methods available");
            boolean broken = output.contains("Failed (IOException) to execute: Broken pipe");
            if (result.exitCode() == 0 || !(refused || broken || output.equals("Session is being closed"))) {
                return result;
            }
            if (refused) {
                System.err.println(node.name() + " refused the shell's password (attempt " + attempt + " of "
                        + CLIENT_ATTEMPTS + "):\n" + result + "\n" + node.logTail());
            }
        }
        return result;
    }

    /** Stops a node with bin/dump-node stop and waits for its Java process to end. */
    public void stop(NodeProcess node) throws IOException, InterruptedException {
        if (node.processes().isEmpty()) {
            return; // never started, or stopped already
        }
        long pid = Files.isRegularFile(node.dir().resolve("karaf.pid")) ? node.pid() : -1;
        Commands.Result stopped = dumpNode("stop", node);
        assertEquals(stopped.toString(), 0, stopped.exitCode());
        if (pid > 0 && !Commands.awaitExit(pid, STOP)) {
            fail(node.name() + " (pid " + pid + ") still runs " + STOP.toSeconds() + " s after bin/dump-node stop");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!node.processes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** Stops every node started here; kills those that do not stop, and says so. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        for (NodeProcess node : started) {
            try {
                stop(node);
            } catch (Throwable e) {
                problems.add(node.name() + ": " + e);
            }
            // Whatever bin/dump-node stop did: no process of this node may survive the test.
            List<ProcessHandle> left = node.processes();
            if (!left.isEmpty()) {
                problems.add(node.name() + " still ran after bin/dump-node stop; killed " + left.stream()
                        .map(p -> Long.toString(p.pid())).collect(Collectors.joining(", ")));
                left.forEach(Commands::kill);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("stopping the nodes: " + problems);
        }
    }
}
