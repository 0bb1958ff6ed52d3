package org.dump.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.Assume;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Headless Chromium (Debian's chromium and chromium-driver), driven through chromedriver's W3C WebDriver protocol:
 * JSON over HTTP on the loopback interface, no client library. Chromium starts with the flags that keep it off the
 * network (no background networking, component updates or sync) and an empty profile.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** How W3C WebDriver names an element reference in JSON. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String session;

    /** @return whether Chromium and chromedriver are installed */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Installs Debian's chromium and chromium-driver with apt-get when they are missing and this test runs as root
     * (a CI container); elsewhere it leaves the machine alone and the browser tests are skipped.
     *
     * @return whether Chromium and chromedriver are installed now
     */
    public static synchronized boolean installIfMissing() {
        if (available() || !"root".equals(System.getProperty("user.name"))) {
            return available();
        }
        Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium",
                "chromium-driver");
        Commands.Result result = Commands.run(install, Path.of("/").toFile(), quiet, null, Duration.ofMinutes(10));
        if (result.exitCode() != 0) {
            // The package lists may be missing or stale in a fresh container.
            Commands.run(List.of("apt-get", "update", "-q"), Path.of("/").toFile(), quiet, null, Duration.ofMinutes(5));
            result = Commands.run(install, Path.of("/").toFile(), quiet, null, Duration.ofMinutes(10));
        }
        if (!available()) {
            System.err.println("could not install chromium and chromium-driver: " + result);
        }
        return available();
    }

    /**
     * Skips the calling test class, saying so on the console, unless Chromium and chromedriver are installed (or can
     * be, see {@link #installIfMissing}).
     */
    public static void assumeInstalled() {
        if (!installIfMissing()) {
            System.err.println("SKIPPED: no " + CHROMIUM + " or " + CHROMEDRIVER
                    + "; install Debian's chromium and chromium-driver to run the browser test");
        }
        Assume.assumeTrue("chromium and chromium-driver are installed", available());
    }

    public Browser(Path profile) throws Exception {
        int port = FreePorts.pick(1)[0];
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromedriver.log").toFile())
                .start();
        base = URI.create("http://127.0.0.1:" + port + "/");
        awaitDriver();
        Map<String, Object> options = Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--no-proxy-server", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        JsonNode created = call("POST", "session", Map.of("capabilities",
                Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
        session = created.path("sessionId").asText();
    }

    /**
     * Navigates to {@code url}. Chromium drops a navigation with ERR_NETWORK_CHANGED when a network interface comes
     * or goes (tests that make namespaces and veth pairs do that); only that error is tried again. Any other error
     * page fails here, with Chromium's error code.
     */
    public void open(String url) throws Exception {
        String error = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            call("POST", "session/" + session + "/url", Map.of("url", url));
            if (!call("GET", "session/" + session + "/url", null).asText().startsWith("chrome-error:")) {
                return;
            }
            error = call("POST", "session/" + session + "/execute/sync", Map.of("script",
                    "var e = document.querySelector('.error-code'); return e ? e.textContent.trim() : ''",
                    "args", List.of())).asText();
            if (!error.contains("ERR_NETWORK_CHANGED")) {
                break;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Chromium could not open " + url + ": " + error + "; the page says: " + text());
    }

    /** @return the first element that {@code css} selects, waiting up to {@code timeout} for it */
    public String await(String css, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode found = call("POST", "session/" + session + "/elements", Map.of("using", "css selector", "value", css));
            if (found.size() > 0) {
                return found.get(0).path(ELEMENT).asText();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no element '" + css + "' after " + timeout.toSeconds() + " s; the page says: "
                        + text());
            }
            Thread.sleep(100);
        }
    }

    /** @return the text of the element that {@code css} selects, once it contains {@code expected} */
    public String awaitText(String css, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            JsonNode found = call("POST", "session/" + session + "/elements", Map.of("using", "css selector", "value", css));
            if (found.size() > 0) {
                try {
                    text = call("GET", "session/" + session + "/element/" + found.get(0).path(ELEMENT).asText()
                            + "/text", null).asText();
                } catch (IOException stale) {
                    // The page replaced the element between finding and reading it (a list drawn again): look again.
                    continue;
                }
                if (text.contains(expected)) {
                    return text;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + css + "' never showed '" + expected + "'; it shows: '" + text + "'; the page: "
                + text());
    }

    public void type(String element, String text) throws Exception {
        call("POST", "session/" + session + "/element/" + element + "/value", Map.of("text", text));
    }

    public void click(String element) throws Exception {
        call("POST", "session/" + session + "/element/" + element + "/click", Map.of());
    }

    /** Empties an input or text area. */
    public void clear(String element) throws Exception {
        call("POST", "session/" + session + "/element/" + element + "/clear", Map.of());
    }

    /** @return what {@code script} (the body of a function) returns in the current document */
    public JsonNode script(String script) throws Exception {
        return call("POST", "session/" + session + "/execute/sync", Map.of("script", script, "args", List.of()));
    }

    /**
     * @return what {@code script} (the body of a function whose last argument is a callback) hands its callback, in
     *         the current document: for work that ends in a promise
     */
    public JsonNode asyncScript(String script) throws Exception {
        return call("POST", "session/" + session + "/execute/async", Map.of("script", script, "args", List.of()));
    }

    /** Lets scripts of {@link #asyncScript} run this long (WebDriver's default is 30 s; requests here wait 60 s). */
    public void scriptTimeout(Duration timeout) throws Exception {
        call("POST", "session/" + session + "/timeouts", Map.of("script", timeout.toMillis()));
    }

    /** @return every element that {@code css} selects now, perhaps none */
    public List<String> elements(String css) throws Exception {
        List<String> elements = new ArrayList<>();
        call("POST", "session/" + session + "/elements", Map.of("using", "css selector", "value", css))
                .forEach(found -> elements.add(found.path(ELEMENT).asText()));
        return elements;
    }

    /** Makes the window {@code width} × {@code height} CSS pixels (a phone is 375 wide). */
    public void resize(int width, int height) throws Exception {
        call("POST", "session/" + session + "/window/rect", Map.of("width", width, "height", height));
    }

    /** @return whether a JavaScript dialog (alert, confirm) is open */
    public boolean dialogOpen() throws Exception {
        try {
            call("GET", "session/" + session + "/alert/text", null);
            return true;
        } catch (IOException noAlert) {
            return false;
        }
    }

    /** Saves what the window shows as a PNG file, for people to look at after the test. */
    public Path screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, Base64.getDecoder().decode(call("GET", "session/" + session + "/screenshot", null)
                .asText()));
    }

    /** Goes into the frame {@code element}; {@link #top()} comes back out. */
    public void frame(String element) throws Exception {
        call("POST", "session/" + session + "/frame", Map.of("id", Map.of(ELEMENT, element)));
    }

    public void top() throws Exception {
        call("POST", "session/" + session + "/frame/parent", Map.of());
    }

    /** @return all text of the current document */
    public String text() throws Exception {
        return call("POST", "session/" + session + "/execute/sync",
                Map.of("script", "return document.body ? document.body.innerText : ''", "args", List.of())).asText();
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "session/" + session, null);
            }
        } catch (Exception e) {
            // the driver is stopped below either way
        } finally {
            driver.destroy();
        }
    }

    private void awaitDriver() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (call("GET", "status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromedriver did not start");
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Api.JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " answered " + response.statusCode() + ": "
                    + answer.path("value").path("message").asText(response.body()));
        }
        return answer.path("value");
    }
}
