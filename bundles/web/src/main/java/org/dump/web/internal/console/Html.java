package org.dump.web.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The console page's fixed markup, and escaping for the few values the server puts into it. */
final class Html {

    private Html() {
    }

    /** @return the sections' empty markup (console/console.html) with the signed-in user's name, already escaped */
    static String skeleton(String escapedUser) {
        try (InputStream in = Html.class.getResourceAsStream("/console/console.html")) {
            if (in == null) {
                throw new IllegalStateException("console/console.html is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{user}}", escapedUser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String attribute(String value) {
        return text(value);
    }
}
