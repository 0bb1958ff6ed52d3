package org.dump.testkit.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.rules.ExternalResource;

/**
 * A real DUMP node with the module under test installed, for a module's integration tests (JUnit 4):
 *
 * <pre>
 * &#64;ClassRule
 * public static final DumpNode NODE = DumpNode.withModuleUnderTest();
 * </pre>
 *
 * Before the tests it unpacks the node distribution (the {@code org.dump:dump-node} tar.gz), starts one node from it
 * in a process of its own, on free loopback ports and with its own data directory, and installs the module the way
 * docs/modules.md has a developer do it: the bundle signed into a signed repository (with a development key made for
 * the run), the publisher trusted ({@code dump:trust-add}), the repository taken in ({@code dump:repository-import})
 * and the module installed from it ({@code dump:module-install}). After the tests it stops the node. The tests then
 * talk to the node over HTTP at {@link #url()} and run shell commands with {@link #shell}.
 * <p>
 * System properties (the archetype's POM sets them): {@value #DISTRIBUTION}, the distribution's tar.gz;
 * {@value #BUNDLE}, the module's bundle; optional {@value #WORK}, the folder the node's files go to (default
 * {@code target}).
 */
public final class DumpNode extends ExternalResource {

    public static final String DISTRIBUTION = "dump.distribution";
    public static final String BUNDLE = "dump.module.bundle";
    public static final String WORK = "dump.testkit.work";

    /** The name under which the node trusts the run's publisher key. */
    private static final String PUBLISHER = "module-under-test";
    private static final Duration UNPACK = Duration.ofMinutes(2);

    static {
        // The SSH library logs every connection and unverified host key through SLF4J (the publisher brings
        // slf4j-simple): a module's test output is for its own failures.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.sshd") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.sshd", "error");
        }
    }

    private final Path distribution;
    private final Path bundle;
    private NodeProcess node;
    private String moduleId;
    private String adminPassword;

    private DumpNode(Path distribution, Path bundle) {
        this.distribution = distribution;
        this.bundle = bundle;
    }

    /** A node with the bundle named by {@value #BUNDLE}, from the distribution named by {@value #DISTRIBUTION}. */
    public static DumpNode withModuleUnderTest() {
        return withModule(Path.of(required(BUNDLE, "the module's bundle, e.g. target/notes-1.0.0.jar")));
    }

    /** A node with {@code bundle} installed, from the distribution named by {@value #DISTRIBUTION}. */
    public static DumpNode withModule(Path bundle) {
        return new DumpNode(Path.of(required(DISTRIBUTION, "the node distribution, org.dump:dump-node:tar.gz")),
                bundle.toAbsolutePath());
    }

    private static String required(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " must name " + what
                    + " (the module archetype's pom.xml sets it for failsafe)");
        }
        return value;
    }

    @Override
    protected void before() throws Throwable {
        if (!Files.isRegularFile(distribution)) {
            throw new IllegalStateException("no node distribution at " + distribution + " (" + DISTRIBUTION + ")");
        }
        Path target = Files.createDirectories(Path.of(System.getProperty(WORK, "target")).toAbsolutePath());
        EarlierRuns.delete(target, "dump-node-");
        Path work = Files.createTempDirectory(target, "dump-node-");
        ModulePublication publication = ModulePublication.publish(bundle, work);
        moduleId = publication.moduleId();
        node = NodeProcess.start(unpack(work), work.resolve("node"), "module-test");
        try {
            adminPassword = node.adminPassword();
            shell("dump:trust-add " + PUBLISHER + " " + publication.publisherKey());
            shell("dump:repository-import " + publication.repository());
            String installed = shell("dump:module-install " + moduleId);
            if (!installed.contains("Installed and started")) {
                throw new AssertionError("dump:module-install " + moduleId + " did not start the module:\n"
                        + installed + "\n" + node.logTail());
            }
        } catch (Throwable e) {
            after(); // JUnit calls after() only when before() succeeded: the node must not outlive the failure
            throw e;
        }
    }

    @Override
    protected void after() {
        if (node != null) {
            try {
                node.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Unpacks the distribution into {@code work}, its HTTP port kept on the loopback interface. */
    private Path unpack(Path work) throws IOException {
        Scripts.Result untar = Scripts.run(List.of("tar", "-xzf", distribution.toString(), "-C", work.toString()),
                work, Map.of(), UNPACK);
        if (untar.exitCode() != 0) {
            throw new IOException("cannot unpack " + distribution + ": " + untar);
        }
        Path home;
        try (Stream<Path> unpacked = Files.list(work)) {
            home = unpacked.filter(dir -> Files.isRegularFile(dir.resolve("bin/dump-node"))).findFirst()
                    .orElseThrow(() -> new IOException("no bin/dump-node in " + distribution));
        }
        // The default listens on every interface; a test's node is nobody else's business.
        Path web = home.resolve("etc/org.ops4j.pax.web.cfg");
        Files.writeString(web, Files.readString(web).replaceAll(
                "(?m)^org\\.ops4j\\.pax\\.web\\.listening\\.addresses\\s*=.*$",
                "org.ops4j.pax.web.listening.addresses = 127.0.0.1"));
        return home;
    }

    /** @return the node's base URL, e.g. {@code http://localhost:41234/} */
    public String url() {
        started();
        return node.url();
    }

    /** @return the id of the module under test, as its bundle declares it */
    public String moduleId() {
        started();
        return moduleId;
    }

    /** @return the URL of the module's REST resource at {@code path}: {@code url()/api/modules/ID/path} */
    public String moduleApi(String path) {
        return url() + "api/modules/" + moduleId() + "/" + path;
    }

    /**
     * Runs a command in the node's Karaf shell as its administrator, e.g. {@code dump:user-add -p secret alice}.
     *
     * @return what it printed
     * @throws AssertionError if it failed, with its output and the node's log
     */
    public String shell(String command) throws InterruptedException {
        started();
        NodeShell.Answer answer = NodeShell.run(node.sshPort(), "admin", adminPassword, command);
        if (answer.exitStatus() != 0) {
            throw new AssertionError("'" + command + "' failed (exit " + answer.exitStatus() + "):\n"
                    + answer.output() + "\n" + node.logTail());
        }
        return answer.output();
    }

    /** Adds a user of the node, who can then sign in with HTTP Basic. */
    public void addUser(String username, String password) throws InterruptedException {
        shell("dump:user-add -p " + password + " " + username);
    }

    /** @return the node's own directory (etc/, data/, data/log/karaf.log) */
    public Path directory() {
        started();
        return node.dir();
    }

    /** @return the last lines of the node's log, for a failure message */
    public String logTail() {
        return node == null ? "(no node started)" : node.logTail();
    }

    private void started() {
        if (node == null) {
            throw new IllegalStateException("the node is not running: use DumpNode as a JUnit @ClassRule or @Rule");
        }
    }
}
