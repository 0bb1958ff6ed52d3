package org.dump.api;

import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The build configuration's promise, kept by running it: a copy of this project in which {@code RecordStore} lost a
 * method (an incompatible change that its package's {@code @Version} does not own up to) is built by Maven itself,
 * with this project's POM, parents and released API (baseline/), and the build must fail, naming the package and the
 * version it needs. A green build of the real project (the baseline runs after the tests) shows the other half.
 */
public class ApiBaselineBuildTest {

    private static final String STORE = "src/main/java/org/dump/api/record/RecordStore.java";
    private static final String GET = "    Optional<ModuleRecord> get(String id);\n";

    @Test
    public void anIncompatibleChangeFailsTheBuild() throws Exception {
        String mavenHome = System.getProperty("maven.home", "");
        assumeTrue("maven.home is set when Maven runs the tests (not in an IDE)", !mavenHome.isEmpty());
        Path copy = copyOfThisProject();
        String store = Files.readString(copy.resolve(STORE));
        assertTrue("RecordStore still declares get(String)", store.contains(GET));
        Files.writeString(copy.resolve(STORE), store.replace(GET, ""));

        Build build = maven(Path.of(mavenHome), copy);

        assertNotEquals(build.output, 0, build.exitCode);
        assertTrue(build.output, build.output.contains("Baseline problems detected"));
        assertTrue(build.output, build.output.matches("(?s).*\\* org\\.dump\\.api\\.record +PACKAGE +MAJOR +2\\.0\\.0 "
                + "+2\\.0\\.0 +3\\.0\\.0.*"));
    }

    /** @return target/baseline-check/api: the POM, the released API and the main sources, nothing built */
    private static Path copyOfThisProject() throws IOException {
        Path copy = Path.of("target", "baseline-check", "api").toAbsolutePath();
        delete(copy.getParent());
        for (String part : List.of("baseline", "src/main")) {
            try (Stream<Path> files = Files.walk(Path.of(part))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.createDirectories(copy.resolve(file).getParent());
                    Files.copy(file, copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // Four levels up from target/baseline-check/api is bundles/, whose POM is this project's parent.
        String pom = Files.readString(Path.of("pom.xml")).replace("<version>0.1.0-SNAPSHOT</version>\n  </parent>",
                "<version>0.1.0-SNAPSHOT</version>\n    <relativePath>../../../../pom.xml</relativePath>\n  </parent>");
        assertTrue("the copy's POM finds its parent", pom.contains("<relativePath>"));
        Files.writeString(copy.resolve("pom.xml"), pom);
        return copy;
    }

    private static Build maven(Path mavenHome, Path project) throws Exception {
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin").resolve("mvn").toString(), "-B",
                "-f", project.resolve("pom.xml").toString(), "verify", "-DskipTests"));
        String repository = System.getProperty("maven.repo.local", "");
        if (!repository.isEmpty()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        if ("offline=true".equals(System.getProperty("maven.offline"))) {
            command.add("-o");
        }
        Path log = project.resolveSibling("build.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the build of the copy took more than 5 minutes; see " + log);
        }
        return new Build(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void delete(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private record Build(int exitCode, String output) {
    }
}
