package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordListener;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordStore;
import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.ExamNode;
import org.dump.itests.support.Images;
import org.dump.itests.support.ManifestBundles;
import org.dump.node.account.AccountService;
import org.dump.node.account.NewAccount;
import org.dump.node.account.ProfileService;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.record.RecordVerification;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The market module on one node, as the story tells it: Adam and Beatrice are users of the node; Adam lists socks;
 * Beatrice sees the listing through the module's REST resource and page, learns nothing of Adam's profile from it,
 * and cannot change it. The module is installed, stopped, updated and uninstalled while the node runs; its data
 * stays. Another module cannot reach the market's records, and a record altered in the database fails verification.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MarketIT {

    private static final String LISTINGS = "modules/market/listings";
    private static final String PAGE = "/modules/market/listings/";
    private static final String ADAM = "adam";
    private static final String BEA = "beatrice";
    private static final String PASSWORD = "correct horse battery";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Inject
    private AccountService accounts;

    @Inject
    private ProfileService profiles;

    @Inject
    private ModuleRegistry modules;

    @Inject
    private RecordVerification verification;

    @Inject
    private SessionFactory sessionFactory;

    private Api api;

    @Configuration
    public Option[] configuration() {
        return ExamNode.options();
    }

    @Before
    public void marketRuns() throws Exception {
        api = new Api(ExamNode.httpPort());
        api.awaitNode(ExamNode.STARTUP);
        for (String user : List.of(ADAM, BEA)) {
            if (accounts.find(user).isEmpty()) {
                accounts.create(new NewAccount(user, PASSWORD.toCharArray(), Set.of(), null, null));
            }
        }
        profiles.update(ADAM, new ProfileUpdate("Adam Smith", "adam@example.org", "I knit."));
        if (market().isEmpty()) {
            install().start();
        } else if (market().get().getState() != Bundle.ACTIVE) {
            market().get().start();
        }
        awaitStatus(200, LISTINGS, BEA);
    }

    @Test
    public void adamListsSocksAndBeatriceSeesThemButNotAdam() throws Exception {
        Reply created = api.post(LISTINGS).basic(ADAM, PASSWORD)
                .json(Api.object("title", "Wool socks", "description", "Hand-knitted, size 42", "price", 7.5,
                        "currency", "eur"))
                .send();
        assertEquals(created.toString(), 201, created.status());
        String id = created.json().path("id").asText();
        assertTrue(created.json().path("mine").asBoolean());
        assertEquals("EUR", created.json().path("currency").asText());
        assertTrue("prices keep two decimals: " + created.text(), created.text().contains("\"price\":7.50"));

        Reply seen = api.get(LISTINGS + "/" + id).basic(BEA, PASSWORD).send();
        assertEquals(seen.toString(), 200, seen.status());
        assertEquals("Wool socks", seen.json().path("title").asText());
        assertFalse("Beatrice did not write it", seen.json().path("mine").asBoolean());
        Reply list = api.get(LISTINGS + "?q=SOCKS").basic(BEA, PASSWORD).send();
        assertEquals(list.toString(), 200, list.status());
        assertTrue(list.text(), ids(list).contains(id));
        for (Reply reply : List.of(seen, list)) {
            String text = reply.text().toLowerCase();
            for (String secret : List.of("adam", "smith", "example.org", "i knit")) {
                assertFalse("'" + secret + "' leaks in " + reply.text(), text.contains(secret));
            }
        }

        // The page that shows listings is served from the module, inside the node's origin.
        Reply page = api.get(PAGE).basic(BEA, PASSWORD).send();
        assertEquals(page.toString(), 200, page.status());
        assertTrue(page.header("Content-Type").orElse(""), page.header("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.text(), page.text().contains("market.js"));
        // Its script goes through the node's page contract (issue 28), which the node serves to anyone.
        assertTrue(page.text(), page.text().contains("<script src=\"/api/page/1/dump-page.js\" defer></script>"));
        Reply script = api.get(PAGE + "market.js").send();
        assertEquals(200, script.status());
        assertTrue(script.text(), script.text().contains("DumpPage.moduleApi + 'listings'"));
        Reply contract = api.get("page/1/dump-page.js").send();
        assertEquals(contract.toString(), 200, contract.status());
        assertTrue(contract.toString(), contract.header("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(contract.text(), contract.text().contains("window.DumpPage = Object.freeze({"));
        String tag = contract.header("ETag").orElseThrow();
        assertEquals(304, api.get("page/1/dump-page.js").header("If-None-Match", tag).send().status());
        Reply modulesList = api.get("modules").send();
        assertEquals(PAGE, modulesList.json().get(0).path("pages").get(0).path("url").asText());

        // Beatrice cannot change or delete it, and it stays as it was.
        Reply edit = api.put(LISTINGS + "/" + id).basic(BEA, PASSWORD)
                .json(Api.object("title", "Mine now", "price", 0, "currency", "EUR")).send();
        assertEquals(edit.toString(), 403, edit.status());
        assertEquals(403, api.delete(LISTINGS + "/" + id).basic(BEA, PASSWORD).send().status());
        assertEquals(403, api.put(LISTINGS + "/" + id + "/image").basic(BEA, PASSWORD)
                .body(Images.png(4, Color.RED), "image/png").send().status());
        assertEquals("Wool socks", api.get(LISTINGS + "/" + id).basic(BEA, PASSWORD).send().json().path("title").asText());

        // Adam can.
        Reply adamEdits = api.put(LISTINGS + "/" + id).basic(ADAM, PASSWORD)
                .json(Api.object("title", "Wool socks, two pairs", "price", 12, "currency", "EUR")).send();
        assertEquals(adamEdits.toString(), 200, adamEdits.status());
        Reply image = api.put(LISTINGS + "/" + id + "/image").basic(ADAM, PASSWORD)
                .body(Images.png(8, Color.BLUE), "image/png").send();
        assertEquals(image.toString(), 200, image.status());
        Reply picture = api.get(LISTINGS + "/" + id + "/image").basic(BEA, PASSWORD).send();
        assertEquals(200, picture.status());
        assertEquals("image/png", picture.header("Content-Type").orElse(""));
        assertEquals(204, api.delete(LISTINGS + "/" + id).basic(ADAM, PASSWORD).send().status());
        assertEquals(404, api.get(LISTINGS + "/" + id).basic(BEA, PASSWORD).send().status());
    }

    @Test
    public void badListingsAreRefusedWithAClearError() throws Exception {
        String id = list(ADAM, "Red scarf", 5);
        int before = count();
        List<Object[]> bad = List.of(
                new Object[] {Api.object("description", "no title", "price", 1, "currency", "EUR"), 400, "title"},
                new Object[] {Api.object("title", " ", "price", 1, "currency", "EUR"), 400, "title"},
                new Object[] {Api.object("title", "Socks", "price", -1, "currency", "EUR"), 400, "price"},
                new Object[] {Api.object("title", "Socks", "price", 1.001, "currency", "EUR"), 400, "price"},
                new Object[] {Api.object("title", "Socks", "currency", "EUR"), 400, "price"},
                new Object[] {Api.object("title", "Socks", "price", 1, "currency", "euro"), 400, "currency"},
                new Object[] {Api.object("title", "x".repeat(121), "price", 1, "currency", "EUR"), 400, "title"},
                new Object[] {Api.object("title", "Socks", "price", 1, "currency", "EUR", "seller", "x"), 400, "seller"},
                new Object[] {"{\"title\": \"Socks\", ", 400, ""});
        for (Object[] attempt : bad) {
            Reply reply = api.post(LISTINGS).basic(ADAM, PASSWORD).json((String) attempt[0]).send();
            assertEquals(attempt[0] + " → " + reply, attempt[1], reply.status());
            assertTrue(reply.toString(), reply.json().path("message").asText().contains((String) attempt[2]));
        }
        Reply anonymous = api.post(LISTINGS).json(Api.object("title", "Socks", "price", 1, "currency", "EUR")).send();
        assertEquals(anonymous.toString(), 401, anonymous.status());
        assertEquals(401, api.get(LISTINGS).send().status());
        assertEquals(404, api.get(LISTINGS + "/nosuchlisting").basic(BEA, PASSWORD).send().status());
        assertEquals(404, api.put(LISTINGS + "/nosuchlisting").basic(BEA, PASSWORD)
                .json(Api.object("title", "Socks", "price", 1, "currency", "EUR")).send().status());
        assertEquals(400, api.get(LISTINGS + "?limit=1000").basic(BEA, PASSWORD).send().status());
        assertEquals(400, api.get(LISTINGS + "?minPrice=5&maxPrice=1").basic(BEA, PASSWORD).send().status());

        Reply notImage = api.put(LISTINGS + "/" + id + "/image").basic(ADAM, PASSWORD)
                .body("not a picture".getBytes(StandardCharsets.UTF_8), "image/png").send();
        assertEquals(notImage.toString(), 415, notImage.status());
        Reply tooLarge = api.put(LISTINGS + "/" + id + "/image").basic(ADAM, PASSWORD)
                .body(Images.noisyPng(320, 320, 1), "image/png").send();
        assertEquals(tooLarge.toString(), 413, tooLarge.status());

        assertEquals("nothing was stored by the refused requests", before, count());
        JsonNode kept = api.get(LISTINGS + "/" + id).basic(ADAM, PASSWORD).send().json();
        assertEquals("Red scarf", kept.path("title").asText());
        assertTrue(kept.path("image").isNull());
    }

    @Test
    public void searchFindsByTextAndPriceRange() {
        String boots = list(ADAM, "Hiking boots " + System.nanoTime(), 40);
        String cheap = list(BEA, "Cheap boots " + System.nanoTime(), 3);
        Reply found = api.get(LISTINGS + "?q=boots&minPrice=10&maxPrice=100&sort=price").basic(BEA, PASSWORD).send();
        assertEquals(found.toString(), 200, found.status());
        assertTrue(ids(found).contains(boots));
        assertFalse(ids(found).contains(cheap));
        Reply newest = api.get(LISTINGS + "?limit=2").basic(BEA, PASSWORD).send();
        assertEquals(List.of(cheap, boots), ids(newest));
        assertTrue(newest.json().path("more").asBoolean() || count() == 2);
    }

    @Test
    public void searchesAreAnsweredByTheFullTextIndexAndTakeAnyText() throws Exception {
        String word = "zq" + System.nanoTime();
        String socks = list(ADAM, "Wool socks (size 42) " + word + " AND *", 12);
        // Query syntax is looked for as text: the title holds "AND *", not a query.
        Reply found = api.get(LISTINGS + "?q=" + word + "%20AND%20*").basic(BEA, PASSWORD).send();
        assertEquals(found.toString(), List.of(socks), ids(found));
        assertEquals(List.of(), ids(api.get(LISTINGS + "?q=" + word + "%20OR%20x").basic(BEA, PASSWORD).send()));
        assertEquals(List.of(socks), ids(api.get(LISTINGS + "?q=(size%2042)").basic(BEA, PASSWORD).send()));
        assertEquals(400, api.get(LISTINGS + "?q=" + "x".repeat(201)).basic(BEA, PASSWORD).send().status());

        // The index (Lucene, inside the node's bundle) holds the market's listings and answers its searches.
        String rebuilt = shell("dump:search-rebuild market");
        assertTrue(rebuilt, rebuilt.matches("(?s).*Indexed [1-9][0-9]* records of module market.*"));
        assertTrue(rebuilt, rebuilt.matches("(?s).*market\\W+listing\\.description,listing\\.title\\W+index.*"));
        assertEquals(List.of(socks), ids(api.get(LISTINGS + "?q=" + word).basic(BEA, PASSWORD).send()));
    }

    @Test
    public void theMarketIsDeployedStoppedUpdatedAndUninstalledWhileTheNodeRuns() throws Exception {
        String id = list(ADAM, "Lamp", 15);
        long nodeBundle = bundle("org.dump.node").getBundleId();
        // Every bundle but the market (and this test's own) that stops or starts while the market comes and goes.
        List<String> restarted = new CopyOnWriteArrayList<>();
        BundleListener watch = event -> {
            String name = event.getBundle().getSymbolicName();
            if ((event.getType() == BundleEvent.STOPPED || event.getType() == BundleEvent.STARTED)
                    && !"org.dump.module.market".equals(name) && event.getBundle().getBundleId() != context.getBundle()
                    .getBundleId()) {
                restarted.add(name);
            }
        };
        context.addBundleListener(watch);

        market().orElseThrow().stop();
        awaitStatus(404, LISTINGS, BEA);
        assertEquals(404, api.get(PAGE).basic(BEA, PASSWORD).send().status());
        assertEquals(0, api.get("node").send().json().path("modules").size());
        assertTrue(modules.find("market").isEmpty());

        market().orElseThrow().start();
        awaitStatus(200, LISTINGS + "/" + id, BEA);
        assertEquals("market", api.get("node").send().json().path("modules").get(0).path("id").asText());

        try (InputStream jar = new FileInputStream(System.getProperty(ExamNode.MARKET_JAR))) {
            market().orElseThrow().update(jar);
        }
        awaitStatus(200, LISTINGS + "/" + id, BEA);

        market().orElseThrow().uninstall();
        awaitStatus(404, LISTINGS, BEA);
        assertEquals(404, api.get(PAGE).send().status());
        assertTrue(market().isEmpty());

        install().start();
        awaitStatus(200, LISTINGS + "/" + id, BEA);
        assertEquals("the listing survived the uninstall", "Lamp",
                api.get(LISTINGS + "/" + id).basic(BEA, PASSWORD).send().json().path("title").asText());
        context.removeBundleListener(watch);
        assertEquals("nothing else was stopped or started", List.of(), restarted);
        assertEquals(Bundle.ACTIVE, context.getBundle(nodeBundle).getState());
    }

    @Test
    public void anotherModuleCannotReachTheMarketsRecords() throws Exception {
        String id = list(ADAM, "Teapot", 9);
        Bundle spy = context.installBundle("itests:spy", ManifestBundles.jar(Map.of(
                "Bundle-SymbolicName", "org.dump.itests.spy",
                "Import-Package", "org.dump.api.record",
                "Provide-Capability", "dump.module;dump.module=spy;data.version=1.0.0")));
        Bundle impostor = context.installBundle("itests:impostor", ManifestBundles.jar(Map.of(
                "Bundle-SymbolicName", "org.dump.itests.impostor",
                "Provide-Capability", "dump.module;dump.module=market;data.version=1.0.0")));
        Bundle plain = context.installBundle("itests:plain", ManifestBundles.jar(Map.of(
                "Bundle-SymbolicName", "org.dump.itests.plain")));
        try {
            spy.start();
            impostor.start();
            plain.start();
            ServiceReference<RecordStore> reference = context.getServiceReference(RecordStore.class);
            assertNotNull(reference);

            List<RecordChange> heard = new CopyOnWriteArrayList<>();
            spy.getBundleContext().registerService(RecordListener.class, heard::add, null);

            RecordStore spyStore = spy.getBundleContext().getService(reference);
            assertNotNull("a module gets a store of its own", spyStore);
            assertEquals("spy", spyStore.module());
            assertTrue(spyStore.get(id).isEmpty());
            assertTrue(spyStore.query(RecordQuery.ofType("listing")).records().isEmpty());
            list(ADAM, "Saucer", 2);
            ModuleRecord own = spyStore.create("note", Map.of("text", "mine"));
            assertEquals("spy", own.module());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (heard.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(200);
            assertEquals("its listener hears of its own records only",
                    List.of(new RecordChange(RecordChange.Kind.CREATED, own, true)), heard);

            assertNull("a bundle claiming a module that another bundle runs gets no store",
                    impostor.getBundleContext().getService(reference));
            assertNull("a bundle that is no module gets no store", plain.getBundleContext().getService(reference));
            assertEquals("the market still has its listing", 200,
                    api.get(LISTINGS + "/" + id).basic(BEA, PASSWORD).send().status());
        } finally {
            spy.uninstall();
            impostor.uninstall();
            plain.uninstall();
        }
    }

    @Test
    public void aRecordAlteredInTheDatabaseFailsVerification() throws Exception {
        String id = list(ADAM, "Bicycle", 80);
        assertTrue(verification.verify("market").failures().stream().noneMatch(f -> f.id().equals(id)));
        assertTrue(shell("dump:record-verify market").contains("verified"));

        DataSource database = database();
        String payload = column(database, "PAYLOAD_TEXT", id);
        String signature = column(database, "SIGNATURE", id);
        try {
            update(database, "PAYLOAD_TEXT", payload.replace("80.00", "1.00"), id);
            assertEquals(List.of(id), failed());
            assertTrue(shell("dump:record-verify market").contains(id));
            update(database, "PAYLOAD_TEXT", payload, id);
            assertEquals(List.of(), failed());

            // Flip one character early in the base64 text (the last ones partly encode padding bits).
            char tenth = signature.charAt(10);
            update(database, "SIGNATURE", signature.substring(0, 10) + (tenth == 'A' ? 'B' : 'A')
                    + signature.substring(11), id);
            assertEquals(List.of(id), failed());
        } finally {
            update(database, "PAYLOAD_TEXT", payload, id);
            update(database, "SIGNATURE", signature, id);
        }
        assertEquals(List.of(), failed());
    }

    @Test
    public void moduleListShowsTheMarket() throws Exception {
        String output = shell("dump:module-list");
        assertTrue(output, output.contains("market") && output.contains("org.dump.module.market"));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private String list(String user, String title, int price) {
        Reply created = api.post(LISTINGS).basic(user, PASSWORD)
                .json(Api.object("title", title, "price", price, "currency", "EUR")).send();
        assertEquals(created.toString(), 201, created.status());
        return created.json().path("id").asText();
    }

    private int count() {
        return modules.find("market").isPresent() ? ids(api.get(LISTINGS + "?limit=100").basic(BEA, PASSWORD).send()).size() : 0;
    }

    private static List<String> ids(Reply reply) {
        List<String> ids = new ArrayList<>();
        reply.json().path("listings").forEach(l -> ids.add(l.path("id").asText()));
        return ids;
    }

    private List<String> failed() {
        List<String> failed = new ArrayList<>();
        verification.verify("market").failures().forEach(f -> failed.add(f.id()));
        return failed;
    }

    private Bundle install() throws Exception {
        String jar = System.getProperty(ExamNode.MARKET_JAR);
        assertNotNull("the build passes the market jar's path", jar);
        try (InputStream in = new FileInputStream(jar)) {
            return context.installBundle("itests:market", in);
        }
    }

    private java.util.Optional<Bundle> market() {
        for (Bundle bundle : context.getBundles()) {
            if ("org.dump.module.market".equals(bundle.getSymbolicName())) {
                return java.util.Optional.of(bundle);
            }
        }
        return java.util.Optional.empty();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private void awaitStatus(int status, String path, String user) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Reply reply;
        do {
            reply = api.get(path).basic(user, PASSWORD).send();
            if (reply.status() == status) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("expected " + status + " from " + path + ", still " + reply);
    }

    private DataSource database() throws Exception {
        ServiceReference<?>[] references = context.getServiceReferences(DataSource.class.getName(),
                "(osgi.jndi.service.name=dump)");
        assertNotNull("the node's datasource is a service", references);
        return (DataSource) context.getService(references[0]);
    }

    private static String column(DataSource database, String column, String id) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + column + " FROM DUMP_RECORD WHERE ID = ?")) {
            select.setString(1, id);
            try (ResultSet result = select.executeQuery()) {
                assertTrue(result.next());
                return result.getString(1);
            }
        }
    }

    private static void update(DataSource database, String column, String value, String id) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE DUMP_RECORD SET " + column + " = ? WHERE ID = ?")) {
            update.setString(1, value);
            update.setString(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    private String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(InputStream.nullInputStream(), print, print);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
