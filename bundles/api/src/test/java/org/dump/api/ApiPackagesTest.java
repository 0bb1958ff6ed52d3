package org.dump.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.dump.api.module.ModuleNamespace;
import org.junit.Test;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;

/**
 * The shape that lets the API be frozen: its packages depend on each other in one direction only, so that any of them
 * can move to a new major version without dragging another one along; and the one pattern of its names is written
 * once, in the whole repository.
 */
public class ApiPackagesTest {

    private static final String API = "org.dump.api.";

    @Test
    public void theApiPackagesFormNoCycle() throws Exception {
        Map<String, Set<String>> uses = apiUses();
        // Proof that the analysis sees dependencies at all: the acting user is compared with a record's author.
        assertTrue(uses.toString(), uses.get("org.dump.api.author").contains("org.dump.api.record"));
        for (String start : uses.keySet()) {
            List<String> cycle = cycleFrom(start, uses);
            if (!cycle.isEmpty()) {
                fail("the API's packages form a cycle: " + String.join(" -> ", cycle) + " (all uses: " + uses + ")");
            }
        }
    }

    @Test
    public void theApiIsTheseFivePackages() throws Exception {
        assertEquals(Set.of("org.dump.api.author", "org.dump.api.module", "org.dump.api.node", "org.dump.api.record",
                "org.dump.api.web"), apiUses().keySet());
    }

    /**
     * Module ids, record types and page names follow one pattern, defined in ModuleNamespace; a copy anywhere in the
     * code (Java or JavaScript, of the node, its tests or the modules) would drift from it.
     */
    @Test
    public void theIdPatternIsWrittenOnceInTheWholeRepository() throws IOException {
        Path root = Path.of(System.getProperty("dump.docs", "../../docs")).resolve("..").normalize();
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".js"))
                    .filter(f -> !f.toString().contains(File.separator + "target" + File.separator))
                    .filter(f -> !f.toString().contains(File.separator + "."))
                    .filter(f -> read(f).contains(ModuleNamespace.ID_PATTERN))
                    .forEach(copies::add);
        }
        assertEquals(List.of(root.resolve("bundles/api/src/main/java/org/dump/api/module/ModuleNamespace.java")),
                copies);
    }

    /** @return for each package of the API, the other API packages its classes use */
    private static Map<String, Set<String>> apiUses() throws Exception {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Analyzer analyzer = new Analyzer(); Jar classes = new Jar(new File("target/classes"))) {
            analyzer.setJar(classes);
            analyzer.analyze();
            for (Map.Entry<PackageRef, List<PackageRef>> entry : analyzer.getUses().entrySet()) {
                String from = entry.getKey().getFQN();
                if (from.startsWith(API)) {
                    Set<String> to = uses.computeIfAbsent(from, f -> new TreeSet<>());
                    entry.getValue().stream().map(PackageRef::getFQN).filter(p -> p.startsWith(API) && !p.equals(from))
                            .forEach(to::add);
                }
            }
        }
        return uses;
    }

    /** @return a path of uses from {@code start} back to itself, or empty if there is none */
    private static List<String> cycleFrom(String start, Map<String, Set<String>> uses) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.add(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return longer;
                }
                if (seen.add(next)) {
                    paths.add(longer);
                }
            }
        }
        return List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
