package org.dump.testkit.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Each run leaves its node's folder behind for a look after a failure (the node's log is in it); the next run
 * removes those folders, except one whose node still runs (another test JVM's).
 */
final class EarlierRuns {

    private EarlierRuns() {
    }

    static void delete(Path target, String prefix) throws IOException {
        try (Stream<Path> earlier = Files.list(target)) {
            for (Path run : earlier.filter(dir -> dir.getFileName().toString().startsWith(prefix)).toList()) {
                String base = "-Dkaraf.base=" + run.resolve("node");
                boolean running = ProcessHandle.allProcesses().anyMatch(process -> process.info().commandLine()
                        .map(line -> line.contains(base)).orElse(false));
                if (!running) {
                    try (Stream<Path> files = Files.walk(run)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
        }
    }
}
