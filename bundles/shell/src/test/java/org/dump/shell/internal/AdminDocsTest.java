package org.dump.shell.internal;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.junit.Test;

/**
 * Keeps docs/admin.md in step with the shell: every {@code dump:} command that Karaf registers from this bundle has a
 * row in the admin guide's command table, whose first cell names each of its options, and the table lists no command
 * that does not exist. The commands are found as Karaf finds them: the {@code @Service} classes with {@code @Command}
 * in the packages that the bundle's {@code Karaf-Commands} header names.
 */
public class AdminDocsTest {

    private static final String SCOPE = "dump";
    private static final String ADMIN_DOCS = "docs/admin.md";

    @Test
    public void everyRegisteredCommandHasARowNamingItsOptions() throws Exception {
        Map<String, Class<?>> commands = registeredCommands();
        assertTrue("found no dump: commands at all, so this test would prove nothing: " + commands.keySet(),
                commands.containsKey("dump:status"));
        Map<String, String> rows = commandRows();
        List<String> problems = new ArrayList<>();
        commands.forEach((name, type) -> {
            String row = rows.get(name);
            if (row == null) {
                problems.add(name + " has no row in the command table (a line beginning | `" + name + " …`)");
                return;
            }
            for (Option option : options(type)) {
                if (!names(firstCell(row), option)) {
                    problems.add("the row of " + name + " does not name its option " + option.name()
                            + (option.aliases().length == 0 ? "" : " (or " + String.join(", ", option.aliases()) + ")"));
                }
            }
        });
        rows.keySet().stream().filter(name -> !commands.containsKey(name))
                .forEach(name -> problems.add(name + " has a row, but the shell registers no such command"));
        if (!problems.isEmpty()) {
            fail(ADMIN_DOCS + " is out of step with the shell:\n  " + String.join("\n  ", problems));
        }
    }

    /** The table rows that describe a command, by command name: {@code | `dump:NAME …` | …}. */
    static Map<String, String> commandRows() throws IOException {
        Pattern row = Pattern.compile("^\\| `(" + SCOPE + ":[a-z][a-z0-9-]*)[ `].*");
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(adminDocs(), StandardCharsets.UTF_8)) {
            var matcher = row.matcher(line);
            if (matcher.matches()) {
                rows.putIfAbsent(matcher.group(1), line);
            }
        }
        return rows;
    }

    /** The commands Karaf registers from this bundle, by {@code scope:name}. */
    static Map<String, Class<?>> registeredCommands() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(StatusCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String header = manifest.getMainAttributes().getValue("Karaf-Commands");
        if (header == null) {
            throw new AssertionError("the bundle's manifest has no Karaf-Commands header, so Karaf registers no command");
        }
        Map<String, Class<?>> commands = new TreeMap<>();
        for (String pkg : header.split(",")) {
            Path folder = classes.resolve(pkg.strip().replace('.', '/'));
            List<Path> files;
            try (Stream<Path> listed = Files.list(folder)) {
                files = listed.filter(f -> f.toString().endsWith(".class")).toList();
            }
            for (Path file : files) {
                String simple = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(pkg.strip() + "." + simple, false, AdminDocsTest.class.getClassLoader());
                Command command = type.getAnnotation(Command.class);
                if (command != null && type.isAnnotationPresent(Service.class) && SCOPE.equals(command.scope())) {
                    commands.put(command.scope() + ":" + command.name(), type);
                }
            }
        }
        return commands;
    }

    private static List<Option> options(Class<?> type) {
        List<Option> options = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Optional.ofNullable(field.getAnnotation(Option.class)).ifPresent(options::add);
            }
        }
        return options;
    }

    /** The command's syntax: the first cell of its row. */
    private static String firstCell(String row) {
        int end = row.indexOf(" | ", 2);
        return end < 0 ? row : row.substring(0, end);
    }

    /** Whether {@code text} names the option or one of its aliases as a word of its own ({@code -r}, not in {@code --read}). */
    static boolean names(String text, Option option) {
        List<String> spellings = new ArrayList<>(List.of(option.aliases()));
        spellings.add(option.name());
        return spellings.stream().anyMatch(spelling -> Pattern
                .compile("(?<![A-Za-z0-9-])" + Pattern.quote(spelling) + "(?![A-Za-z0-9-])").matcher(text).find());
    }

    /** {@code dump.docs} is set by the build to the repository's docs/ folder. */
    private static Path adminDocs() {
        Path path = Path.of(System.getProperty("dump.docs", "../../docs")).resolve("admin.md");
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(ADMIN_DOCS + " is missing: looked for " + path.toAbsolutePath().normalize());
        }
        return path;
    }
}
