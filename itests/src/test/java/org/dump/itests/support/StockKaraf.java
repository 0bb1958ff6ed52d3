package org.dump.itests.support;

import static org.dump.itests.support.TestRuns.deleteEarlierRuns;
import static org.dump.itests.support.TestRuns.setProperty;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stock Apache Karaf (the apache-karaf tar.gz of Maven Central, system property dump.karaf.stock, set by
 * itests/pom.xml), as an administrator has it before DUMP: unpacked into itests/target and run as a separate process
 * with bin/start, on free loopback ports, with the user {@code karaf} of etc/users.properties switched on (stock
 * Karaf ships it commented out). Its Maven resolver reads the build's local repository, and nothing else, so that
 * {@code mvn:org.dump/…} resolves to what this build installed. {@link #close} stops it, and kills it if it will
 * not stop.
 */
public final class StockKaraf implements AutoCloseable {

    /** The Karaf user the administrator had before DUMP. */
    public static final String KARAF_USER = "karaf";
    public static final String KARAF_PASSWORD = "karaf";

    private static final Duration SCRIPT = Duration.ofSeconds(120);

    private final Path home;
    private final int ssh;
    private final int http;
    private final Api api;

    public StockKaraf(String prefix) throws IOException {
        String tarGz = System.getProperty("dump.karaf.stock");
        if (tarGz == null || !new File(tarGz).isFile()) {
            throw new IllegalStateException("system property dump.karaf.stock must name the apache-karaf tar.gz (set by "
                    + "itests/pom.xml); it is '" + tarGz + "'");
        }
        Path target = Files.createDirectories(Path.of(System.getProperty("dump.itests.work", "target")).toAbsolutePath());
        deleteEarlierRuns(target, prefix + "-");
        Path work = Files.createTempDirectory(target, prefix + "-").toRealPath();
        Commands.Result untar = Commands.run(List.of("tar", "-xzf", tarGz, "-C", work.toString()), work.toFile(),
                Map.of(), null, SCRIPT);
        assertEquals(untar.toString(), 0, untar.exitCode());
        try (Stream<Path> unpacked = Files.list(work)) {
            home = unpacked.filter(dir -> Files.isRegularFile(dir.resolve("bin/karaf"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no bin/karaf in " + tarGz));
        }
        int[] ports = FreePorts.pick(4);
        ssh = ports[0];
        http = ports[1];
        api = new Api(http);
        Path etc = home.resolve("etc");
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(ports[2]));
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(ports[3]));
        // Pax Web's feature brings this PID only if it is not there: the port is the administrator's.
        setProperty(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(http));
        setProperty(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        Path users = etc.resolve("users.properties");
        Files.writeString(users, Files.readString(users).replace("#karaf = karaf,_g_:admingroup",
                KARAF_USER + " = " + KARAF_PASSWORD + ",_g_:admingroup").replace("#_g_\\:admingroup", "_g_\\:admingroup"));
        Path mvn = etc.resolve("org.ops4j.pax.url.mvn.cfg");
        setProperty(mvn, "org.ops4j.pax.url.mvn.localRepository", System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        setProperty(mvn, "org.ops4j.pax.url.mvn.repositories", "");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes().forEach(ProcessHandle::destroyForcibly),
                "stop the Karaf of " + home));
    }

    /** Starts Karaf with bin/start and waits until its shell lets {@link #KARAF_USER} in. */
    public void start() throws IOException {
        Commands.Result started = Commands.run(List.of(home.resolve("bin/start").toString()), home.toFile(),
                Map.of("KARAF_REDIRECT", home.resolve("console.log").toString(), "EXTRA_JAVA_OPTS", "-Xmx384m"), null,
                SCRIPT);
        assertEquals(started.toString(), 0, started.exitCode());
        // bin/client waits for the SSH port itself (-r attempts, -d seconds apart).
        Commands.Result ready = client(KARAF_USER, KARAF_PASSWORD, "shell:echo ready", "-r", "60", "-d", "1");
        assertEquals(ready.toString(), 0, ready.exitCode());
    }

    /** Runs one command in Karaf's shell through bin/client, as {@code user}. */
    public Commands.Result client(String user, String password, String command, String... options) {
        List<String> line = new ArrayList<>(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                Integer.toString(ssh), "-u", user, "-p", password, "-b"));
        line.addAll(List.of(options));
        return Commands.run(line, home.toFile(), Map.of(), command + "\n", SCRIPT);
    }

    /** Writes {@code etc/NAME}, as the administrator would. */
    public void etcFile(String name, String text) throws IOException {
        Files.writeString(home.resolve("etc").resolve(name), text);
    }

    public Path home() {
        return home;
    }

    public Api api() {
        return api;
    }

    /** @return Karaf's log so far */
    public String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** @return the last lines of Karaf's log, for a failure message */
    public String logTail() {
        try {
            List<String> lines = log().lines().toList();
            return "last lines of karaf.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (IOException e) {
            return "cannot read karaf.log: " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (processes().isEmpty()) {
            return;
        }
        Commands.run(List.of(home.resolve("bin/stop").toString()), home.toFile(), Map.of(), null, SCRIPT);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!processes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<ProcessHandle> left = processes();
        left.forEach(Commands::kill);
        if (!left.isEmpty()) {
            throw new AssertionError("Karaf in " + home + " still ran 30 s after bin/stop; killed it");
        }
    }

    /** @return the processes of this Karaf: its JVM names its directory */
    private List<ProcessHandle> processes() {
        Pattern base = Pattern.compile("-Dkaraf\\.base=" + Pattern.quote(home.toString()) + "(\\s|$)");
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> base.matcher(line).find()).orElse(false)).toList();
    }

}
