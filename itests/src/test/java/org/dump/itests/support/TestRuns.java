package org.dump.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the tests that unpack a Karaf of their own share: their run directories, and editing its etc/ files. */
final class TestRuns {

    private TestRuns() {
    }

    /**
     * Each run leaves its directory for a look after a failure; the next run removes it, and stops for good a Karaf
     * left running there by a run that was itself killed.
     */
    static void deleteEarlierRuns(Path target, String prefix) throws IOException {
        try (Stream<Path> earlier = Files.list(target)) {
            for (Path run : earlier.filter(dir -> dir.getFileName().toString().startsWith(prefix)).toList()) {
                String base = "-Dkaraf.base=" + run.toRealPath();
                ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                        .map(line -> line.contains(base)).orElse(false)).forEach(Commands::kill);
                try (Stream<Path> files = Files.walk(run)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    /**
     * Sets {@code key = value} in a .cfg file as an administrator would: the line of that key (with its continuation
     * lines) replaced, or a line added.
     */
    static void setProperty(Path file, String key, String value) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file) : "";
        String line = key + " = " + value;
        Matcher existing = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*(\\\\\\n.*)*$").matcher(text);
        Files.writeString(file, existing.find() ? existing.replaceFirst(Matcher.quoteReplacement(line))
                : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + line + "\n");
    }
}
