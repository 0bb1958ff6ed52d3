package org.dump.shell.internal;

import java.lang.reflect.Proxy;

import org.apache.karaf.shell.api.console.CommandLine;

/** The command line a completer sees while the user types one word, for the completer tests. */
final class CommandLines {

    private CommandLines() {
    }

    static CommandLine typing(String word) {
        return (CommandLine) Proxy.newProxyInstance(CommandLine.class.getClassLoader(),
                new Class<?>[] {CommandLine.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCursorArgument" -> word;
                    case "getArgumentPosition" -> word.length();
                    case "getBufferPosition" -> word.length();
                    case "getBuffer" -> word;
                    case "getCursorArgumentIndex" -> 0;
                    case "getArguments" -> new String[] {word};
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
