package org.dump.itests.support;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The node distribution as Pax Exam boots it for a test class: our tar.gz (not a stock Karaf) on free loopback
 * ports, with what the test needs to know passed as system properties. {@link #options()} runs in the test driver's
 * JVM; the other methods run inside the node.
 */
public final class ExamNode {

    public static final String HTTP_PORT = "dump.itests.httpPort";
    public static final String SSH_PORT = "dump.itests.sshPort";
    public static final String VERSION = "dump.itests.version";
    /** Path of the market module's jar, as the build made it. */
    public static final String MARKET_JAR = "dump.itests.marketJar";
    public static final String KARAF_VERSION = "4.4.10";
    public static final Duration STARTUP = Duration.ofSeconds(90);

    private ExamNode() {
    }

    public static Option[] options() {
        int[] ports = FreePorts.pick(2);
        String http = Integer.toString(ports[0]);
        String ssh = Integer.toString(ports[1]);
        String distribution = System.getProperty("dump.distribution");
        if (distribution == null || !new File(distribution).isFile()) {
            throw new IllegalStateException("system property dump.distribution must name the dump-node tar.gz (set by "
                    + "itests/pom.xml); it is '" + distribution + "'");
        }
        File work = new File(System.getProperty("dump.itests.work", "target"));
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .karafVersion(KARAF_VERSION)
                        .name("DUMP node")
                        .unpackDirectory(new File(work, "exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().startRemoteShell(),
                logLevel(LogLevel.WARN),
                // HTTP and SSH on free ports of the loopback interface only. Pax Exam itself puts free ports into
                // etc/org.apache.karaf.management.cfg (rmiRegistryPort, rmiServerPort) and overrides any value
                // given here for them; portsAreFreeOnesNotTheDefaults checks what the node really uses.
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", http),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses",
                        "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", ssh),
                systemProperty(HTTP_PORT).value(http),
                systemProperty(SSH_PORT).value(ssh),
                systemProperty(VERSION).value(System.getProperty("dump.version", "")),
                // Our services come up some seconds after Karaf: let @Inject wait for them.
                systemProperty("pax.exam.service.timeout").value("90000"),
                // What bin/karaf passes on Java 9+ (paths relative to the Karaf home, Pax Exam's working directory).
                vmOptions(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED"),
                vmOption("-Xmx512m"),
                vmOption("-Djava.awt.headless=true")));
        String localRepository = System.getProperty("maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) {
            // Pax Exam installs its own bundles into the node from Maven: use the build's local repository.
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", localRepository));
        }
        if (NodeDatabases.postgresql()) {
            // A node on a fresh PostgreSQL database of its own, set up as docs/admin.md says for a node not started yet.
            NodeDatabases.assumeReachable();
            options.add(editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot",
                    NodeDatabases.FEATURE));
            NodeDatabases.newDatabase("exam").forEach((key, value) -> options.add(
                    editConfigurationFilePut("etc/org.ops4j.datasource-dump.cfg", key, value)));
        }
        String market = System.getProperty("dump.market.jar");
        if (market != null) {
            options.add(systemProperty(MARKET_JAR).value(market));
        }
        return options.toArray(Option[]::new);
    }

    /** @return the password that the node wrote for its initial administrator */
    public static String initialAdminPassword() throws Exception {
        Path file = Path.of(System.getProperty("karaf.data"), "dump", "initial-admin-password");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.isRegularFile(file) || Files.size(file) == 0) {
            if (System.nanoTime() > deadline) {
                fail("the node wrote no " + file);
            }
            Thread.sleep(200);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    public static int httpPort() {
        return Integer.parseInt(System.getProperty(HTTP_PORT));
    }

    public static int sshPort() {
        return Integer.parseInt(System.getProperty(SSH_PORT));
    }
}
