package org.dump.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.rules.ExternalResource;

/** What the commands print (they print to System.out, as Karaf's shell wants), caught for the length of a test. */
final class ShellOutput extends ExternalResource {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @Override
    protected void before() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Override
    protected void after() {
        System.setOut(originalOut);
    }

    /** Forgets what was printed so far. */
    void reset() {
        out.reset();
    }

    String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
