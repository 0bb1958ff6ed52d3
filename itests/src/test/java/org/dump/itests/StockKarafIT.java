package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.dump.itests.support.Commands;
import org.dump.itests.support.StockKaraf;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DUMP installed into a stock Apache Karaf 4.4.10 as docs/admin.md ("Installing into an existing Karaf") tells an
 * administrator: {@code feature:repo-add} of DUMP's features and {@code feature:install dump-node} through Karaf's
 * shell, nothing else. The node must answer, keep its data in embedded Derby, let its administrator into the shell
 * over SSH (while Karaf's own user keeps it), and trust no module publisher until told to. Then the administrator
 * names a JDBC driver that is not installed: the node must say, in one line of its log, what it misses.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class StockKarafIT {

    private static final Duration INSTALLED = Duration.ofSeconds(120);

    private static StockKaraf karaf;
    private static JsonNode node;
    private static String adminPassword;

    @BeforeClass
    public static void installDumpIntoAStockKaraf() throws Exception {
        long began = System.nanoTime();
        karaf = new StockKaraf("stock-karaf");
        karaf.start();
        String version = System.getProperty("dump.version");
        run(StockKaraf.KARAF_USER, StockKaraf.KARAF_PASSWORD,
                "feature:repo-add mvn:org.dump/features/" + version + "/xml/features");
        run(StockKaraf.KARAF_USER, StockKaraf.KARAF_PASSWORD, "feature:install dump-node");
        try {
            node = karaf.api().awaitNode(INSTALLED);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + karaf.logTail(), e);
        }
        Path password = karaf.home().resolve("data/dump/initial-admin-password");
        assertTrue("no " + password, Files.isRegularFile(password));
        adminPassword = Files.readString(password, StandardCharsets.UTF_8).strip();
        System.out.printf("StockKarafIT: stock Karaf unpacked, started and DUMP installed in %d s%n",
                (System.nanoTime() - began) / 1_000_000_000);
    }

    @AfterClass
    public static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void a_theNodeAnswersWithItsId() {
        assertTrue(node.toString(), node.path("id").asText().matches("[a-z2-7]{32}"));
    }

    @Test
    public void b_theNodesAdministratorSignsInOverSshAndRunsDumpStatusOnDerby() {
        Commands.Result status = run("admin", adminPassword, "dump:status");

        assertTrue(status.output(), status.output().contains(node.path("id").asText()));
        assertTrue(status.output(), status.output().matches("(?s).*Datasource\\s*\\|\\s*jdbc:derby:.*"));
        assertTrue(karaf.home().resolve("etc/org.ops4j.datasource-dump.cfg").toFile().isFile());
    }

    @Test
    public void c_karafsOwnUserKeepsTheShellAndAWrongPasswordIsRefused() {
        Commands.Result karafUser = run(StockKaraf.KARAF_USER, StockKaraf.KARAF_PASSWORD, "shell:echo still here");
        assertTrue(karafUser.output(), karafUser.output().contains("still here"));

        Commands.Result wrong = karaf.client("admin", adminPassword + "x", "shell:echo let-in-by-mistake");
        assertFalse(wrong.toString(), wrong.output().contains("let-in-by-mistake"));
    }

    @Test
    public void d_theBuildsDevelopmentPublisherIsNotTrustedAndAnInstallSaysWhy() {
        assertFalse(Files.exists(karaf.home().resolve("etc/org.dump.repository.trust.cfg")));
        Commands.Result trusted = run("admin", adminPassword, "dump:trust-list");
        assertTrue(trusted.output(), trusted.output().contains("No publisher is trusted"));

        Commands.Result install = karaf.client("admin", adminPassword, "dump:module-install market");
        assertTrue(install.output(), install.output().contains("this node trusts no module publisher yet"));
        assertTrue(install.output(), install.output().contains("dump:trust-add NAME KEY"));
    }

    @Test
    public void e_aMissingJdbcDriverIsNamedInOneLogLine() throws Exception {
        // The administrator moves to PostgreSQL but forgets its driver feature: the datasource, and with it the
        // node's JPA unit, go away. The node bundle is started again, as at a restart.
        karaf.etcFile("org.ops4j.datasource-dump.cfg", "osgi.jdbc.driver.name = PostgreSQL JDBC Driver\n"
                + "url = jdbc:postgresql://localhost:5432/dump\ndataSourceName = dump\npool = dbcp2\nxa = false\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (karaf.api().get("node").send().status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        run(StockKaraf.KARAF_USER, StockKaraf.KARAF_PASSWORD, "bundle:restart org.dump.node");

        String line = awaitLogLine("DUMP node incomplete", Duration.ofSeconds(60));

        assertTrue(line, line.contains("javax.persistence.EntityManagerFactory (osgi.unit.name=dump)"));
        assertTrue(line, line.contains("etc/org.ops4j.datasource-dump.cfg is missing, or its database or JDBC driver "
                + "is not there"));
        assertEquals(karaf.logTail(), 1, karaf.log().split("DUMP node incomplete", -1).length - 1);
    }

    private static String awaitLogLine(String text, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            String found = karaf.log().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no log line with '" + text + "' within " + patience + "\n" + karaf.logTail());
    }

    private static Commands.Result run(String user, String password, String command) {
        Commands.Result result = karaf.client(user, password, command);
        assertEquals(result.toString(), 0, result.exitCode());
        return result;
    }
}
