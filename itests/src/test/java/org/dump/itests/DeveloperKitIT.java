package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dump.api.web.ModulePage;
import org.dump.itests.support.Commands;
import org.dump.itests.support.DocumentedWalk;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The developer kit as docs/modules.md ("From archetype to another node") walks through it, command by command as the
 * document has them: a module project made with the archetype, built with its unit tests and its integration test
 * on a real node, published signed, installed on node X from that repository and on node Y from X's, its page
 * served, and a record written on X read on Y. The nodes are two of this test's own, started as the README's tour
 * starts them, whose ports stand in for the document's 8181 and 8281; Maven runs offline on the build's local
 * repository, where `mvn install` put the kit.
 */
public class DeveloperKitIT {

    private static final Path DOCUMENT = Path.of(System.getProperty("dump.docs.modules", "../docs/modules.md"));
    private static final int MOST_COMMANDS = 10;
    private static final Duration MAVEN = Duration.ofMinutes(6);
    private static final Duration SHELL = Duration.ofMinutes(2);
    private static final Duration FEDERATION = Duration.ofSeconds(60);

    private static NodeDistribution distribution;

    @BeforeClass
    public static void unpackTheDistribution() throws Exception {
        distribution = new NodeDistribution("devkit");
    }

    /**
     * Starts the nodes X and Y with the README's users, as a developer's nodes run. Not during the walk's Maven
     * commands: the project's own integration test starts a node then, and three nodes starting at once on a
     * loaded machine of two cores took longer than a node may take.
     */
    private static List<NodeProcess> startTheNodes() throws Exception {
        List<NodeProcess> started = distribution.start("X", "Y");
        NodeSteps steps = new NodeSteps(distribution);
        steps.shell(started.get(0), "dump:user-add -p socks-for-sale -n Adam adam");
        steps.shell(started.get(1), "dump:user-add -p stephanies-secret -n Stephanie stephanie");
        return started;
    }

    @AfterClass
    public static void stopTheNodes() {
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void theWalkFromArchetypeToAnotherNodeWorksAsDocumented() throws Exception {
        List<String> commands = DocumentedWalk.commands(DOCUMENT);
        assertTrue("docs/modules.md's walk defines no D, x and y", DocumentedWalk.setup(DOCUMENT).stream()
                .anyMatch(line -> line.startsWith("D=")));
        assertTrue("docs/modules.md's walk has " + commands.size() + " commands; it promises at most " + MOST_COMMANDS,
                commands.size() <= MOST_COMMANDS && commands.size() >= 2);
        Path projects = Files.createDirectories(distribution.work().resolve("projects"));
        List<Commands.Result> results = new ArrayList<>();
        NodeProcess x = null;
        NodeProcess y = null;
        for (String command : commands) {
            if (x == null && !command.startsWith("mvn ")) {
                List<NodeProcess> started = startTheNodes();
                x = started.get(0);
                y = started.get(1);
            }
            long start = System.nanoTime();
            Commands.Result result = run(command, projects, x, y);
            // Where the walk's time goes, in the test's output (failsafe-reports/…-output.txt).
            System.out.printf("walk %d/%d took %.1f s: %s%n", results.size() + 1, commands.size(),
                    (System.nanoTime() - start) / 1e9, command);
            assertEquals(result + "\n" + (x == null ? "" : x.logTail() + "\n" + y.logTail()), 0, result.exitCode());
            results.add(result);
        }
        assertTrue("the walk never reached the nodes", x != null);
        assertTrue(Files.isRegularFile(projects.resolve("notes/target/repository/index.xml.sig")));

        String installs = results.stream().filter(r -> String.join(" ", r.command()).contains("dump:module-install"))
                .map(Commands.Result::output).reduce("", String::concat);
        assertTrue(installs, installs.split("Installed and started", -1).length - 1 == 2);
        assertTrue(installs, installs.contains("from " + x.url()));

        for (NodeProcess node : List.of(x, y)) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(node.url() + "modules/notes/notes/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(page.body(), 200, page.statusCode());
            assertTrue(page.body(), page.body().contains("<script src=\"" + ModulePage.SCRIPT + "\""));
        }

        // The last command reads on Y what the one before wrote on X: again until the record has come.
        String last = commands.get(commands.size() - 1);
        long deadline = System.nanoTime() + FEDERATION.toNanos();
        Commands.Result read = results.get(results.size() - 1);
        while (!read.output().contains("Hello from X") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            read = run(last, projects, x, y);
        }
        assertTrue(read + "\n" + y.logTail(), read.output().contains("Hello from X"));
        assertTrue(read.toString(), read.output().contains("\"mine\":false"));
    }

    /**
     * Runs one command of the walk in bash, in the folder of the projects, after the document's setup (the functions
     * {@code x} and {@code y}, with this test's distribution as {@code D}), with this test's ports for the document's,
     * and Maven offline on the build's repository.
     */
    private static Commands.Result run(String command, Path projects, NodeProcess x, NodeProcess y) throws Exception {
        StringBuilder script = new StringBuilder();
        String repository = System.getProperty("maven.repo.local");
        script.append("mvn() { command mvn -o").append(repository == null ? "" : " -Dmaven.repo.local='" + repository
                + "'").append(" \"$@\"; }\n");
        String line = command;
        if (x != null) {
            for (String setup : DocumentedWalk.setup(DOCUMENT)) {
                script.append(setup.startsWith("D=") ? "D='" + distribution.home() + "'" : setup).append('\n');
            }
            line = line.replace("localhost:8181", "localhost:" + x.http()).replace("localhost:8281",
                    "localhost:" + y.http());
        }
        script.append(line).append('\n');
        Duration limit = command.startsWith("mvn ") ? MAVEN : SHELL;
        return Commands.run(List.of("bash", "-c", script.toString()), projects.toFile(),
                Map.of("JAVA_HOME", System.getProperty("java.home")), null, limit);
    }
}
