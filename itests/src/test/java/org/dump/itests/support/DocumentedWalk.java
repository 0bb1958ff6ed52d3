package org.dump.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a walk-through in the documentation, as a reader types them: every line of the {@code sh} blocks
 * between {@code <!-- walk: begin -->} and {@code <!-- walk: end -->}, lines ending in a backslash joined with the
 * next; and what prepares them, the {@code sh} block after {@code <!-- walk: setup -->}. A test that runs them keeps
 * the documentation true.
 */
public final class DocumentedWalk {

    private static final String SETUP = "<!-- walk: setup -->";
    private static final String BEGIN = "<!-- walk: begin -->";
    private static final String END = "<!-- walk: end -->";

    private DocumentedWalk() {
    }

    /** @return the commands of the walk in {@code document}, in order */
    public static List<String> commands(Path document) throws IOException {
        return shellLines(document, BEGIN, END);
    }

    /**
     * @return the lines of the {@code sh} block that prepares the walk (between {@code <!-- walk: setup -->} and the
     *         walk), e.g. the shell functions its commands use
     */
    public static List<String> setup(Path document) throws IOException {
        return shellLines(document, SETUP, BEGIN);
    }

    private static List<String> shellLines(Path document, String from, String to) throws IOException {
        String text = Files.readString(document, StandardCharsets.UTF_8);
        int begin = text.indexOf(from);
        int end = text.indexOf(to);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(document + " has no walk between '" + from + "' and '" + to + "'");
        }
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        StringBuilder command = new StringBuilder();
        for (String line : text.substring(begin + from.length(), end).split("\n")) {
            if (line.startsWith("```")) {
                inShell = !inShell && line.strip().equals("```sh");
                continue;
            }
            if (!inShell || line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                command.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            commands.add(command.append(line).toString().strip());
            command.setLength(0);
        }
        return commands;
    }
}
