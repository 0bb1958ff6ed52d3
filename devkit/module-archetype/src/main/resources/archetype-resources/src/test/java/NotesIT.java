package ${package};

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.dump.api.web.ModulePage;
import org.dump.testkit.node.DumpNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The module on a real node: DumpNode starts the node distribution in a process of its own and installs this
 * module from a signed repository with dump:module-install, as docs/modules.md has a developer do.
 */
public class NotesIT {

    @ClassRule
    public static final DumpNode NODE = DumpNode.withModuleUnderTest();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeClass
    public static void addUsers() throws InterruptedException {
        NODE.addUser("adam", "adam-password");
    }

    @Test
    public void theNodeServesThePageWhichLoadsThePageContract() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(NODE.url() + "modules/"
                + NODE.moduleId() + "/notes/")));
        assertEquals(page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains("<script src=\"" + ModulePage.SCRIPT + "\""));
        HttpResponse<String> contract = send(HttpRequest.newBuilder(URI.create(NODE.url() + ModulePage.SCRIPT.substring(1))));
        assertEquals(200, contract.statusCode());
        assertTrue(contract.body().contains("DumpPage"));
    }

    @Test
    public void aUserWritesANoteOverHttpAndReadsItBack() throws Exception {
        HttpResponse<String> created = send(signedIn("adam").uri(URI.create(NODE.moduleApi("notes")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello from the integration test\"}")));
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.body(), created.body().contains("\"mine\":true"));

        HttpResponse<String> found = send(signedIn("adam").uri(URI.create(NODE.moduleApi("notes?q=integration"))));
        assertEquals(200, found.statusCode());
        assertTrue(found.body(), found.body().contains("Hello from the integration test"));

        HttpResponse<String> bad = send(signedIn("adam").uri(URI.create(NODE.moduleApi("notes")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"\"}")));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("text: a note needs a text"));
    }

    @Test
    public void nobodySignedInGetsA401() throws Exception {
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(NODE.moduleApi("notes")))
                .header("X-Requested-With", "test")).statusCode());
    }

    private static HttpRequest.Builder signedIn(String user) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user + "-password")
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder().header("Authorization", "Basic " + basic);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
