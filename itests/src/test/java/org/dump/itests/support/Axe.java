package org.dump.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * axe-core, Deque's accessibility rules engine (the {@code axe.min.js} that Deque's Maven artifact
 * {@code com.deque.html.axe-core:selenium} carries), run on what a {@link Browser} shows: the page and the frames in
 * it, each of which gets axe too so that the page's run takes them in, as axe's own Selenium integration does.
 * Rules: WCAG 2.2 levels A and AA, and axe's best practices (one main landmark, content inside landmarks, heading
 * order, a level-one heading…).
 */
public final class Axe {

    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
            "best-practice");
    private static final String SOURCE = load();

    /** One rule that the page breaks, with the elements that break it (a frame's elements after the frame's). */
    public record Violation(String rule, String impact, String help, String helpUrl, List<String> elements) {

        /** @return whether axe rates it serious or critical */
        public boolean serious() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return rule + " (" + impact + "): " + help + " — " + helpUrl + "\n      "
                    + String.join("\n      ", elements);
        }
    }

    private Axe() {
    }

    /**
     * Checks the top-level document of {@code browser} and its frames.
     *
     * @param include CSS selectors of the parts to check; none: the whole page
     * @return what axe finds wrong, in axe's order
     */
    public static List<Violation> check(Browser browser, String... include) throws Exception {
        browser.top();
        browser.scriptTimeout(Duration.ofSeconds(55));
        for (String frame : browser.elements("iframe")) {
            browser.frame(frame);
            browser.script(SOURCE);
            browser.top();
        }
        browser.script(SOURCE);
        String run = "const done = arguments[arguments.length - 1];\n"
                + "const include = " + Api.JSON.writeValueAsString(List.of(include)) + ";\n"
                + "axe.run(include.length ? { include: include.map(css => [css]) } : document,\n"
                + "    { runOnly: { type: 'tag', values: " + Api.JSON.writeValueAsString(TAGS) + " },"
                + " resultTypes: ['violations'] })\n"
                + "  .then(result => done(JSON.stringify(result.violations.map(v => ({ rule: v.id, impact: v.impact,\n"
                + "    help: v.help, helpUrl: v.helpUrl, elements: v.nodes.map(n => n.target.join(' >>> ') + ' '\n"
                + "      + n.html.slice(0, 160) + ' | ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) })))))\n"
                + "  .catch(e => done(JSON.stringify({ error: String(e) })));";
        JsonNode answer = Api.JSON.readTree(browser.asyncScript(run).asText());
        if (answer.has("error")) {
            throw new AssertionError("axe could not check the page: " + answer.path("error").asText());
        }
        List<Violation> violations = new ArrayList<>();
        for (JsonNode v : answer) {
            List<String> elements = new ArrayList<>();
            v.path("elements").forEach(element -> elements.add(element.asText()));
            violations.add(new Violation(v.path("rule").asText(), v.path("impact").asText(), v.path("help").asText(),
                    v.path("helpUrl").asText(), elements));
        }
        return violations;
    }

    /** @return the violations, one a paragraph, for a test's message */
    public static String describe(List<Violation> violations) {
        return violations.stream().map(v -> "  - " + v).collect(Collectors.joining("\n"));
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the class path: itests/pom.xml takes it from "
                        + "com.deque.html.axe-core:selenium");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
