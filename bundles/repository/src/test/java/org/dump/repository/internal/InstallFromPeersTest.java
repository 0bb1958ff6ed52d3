package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dump.federation.Peer;
import org.dump.publisher.Publisher;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleRefusedException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * An install reads the peers' repositories itself when what the node holds offers no version that fits, or only
 * an older one than a peer runs; peers that cannot be read or lie during that reading leave a clear error, and
 * nothing the node holds is lost. Real framework (Felix), real HTTP on loopback, real signatures.
 */
public class InstallFromPeersTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final FelixFramework framework = new FelixFramework(folder);

    @Rule
    public RuleChain folderThenFramework = RuleChain.outerRule(folder).around(framework);

    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final List<String> misbehaviour = PeerServer.misbehaviour();
    private final List<PeerServer> servers = new ArrayList<>();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final InstallProgress progress = steps::add;
    private SignedRepositories repositories;
    private SignedRepositories.Trust trust;
    private Publisher acme;
    private NodeRepository repository;
    private RepositoryInstaller installer;

    @Before
    public void start() throws Exception {
        repositories = new SignedRepositories(folder.newFolder("publishing").toPath());
        acme = repositories.publisher("acme");
        trust = new SignedRepositories.Trust().trust(acme);
        repository = new NodeRepository(framework.context(), trust, PeerServer.directory(peers, misbehaviour),
                folder.newFolder("node-repository").toPath());
        installer = new RepositoryInstaller(framework.context(), repository, framework.resolver(),
                new ShippedRepository(repository, folder.getRoot().toPath().resolve("none"), false));
    }

    @After
    public void stop() {
        servers.forEach(PeerServer::close);
        repository.stop();
    }

    @Test
    public void withNothingHeldTheInstallReadsThePeersAndInstallsFromThem() throws Exception {
        PeerServer y = peer("y");
        y.serve(repositories.publish(acme, "y", market("1.0.0")), trust);
        y.announce("market", "1.0.0");

        ModuleChange change = installer.install("market", null, progress);

        assertEquals(List.of("org.example.market 1.0.0"), change.installed());
        assertStep("the repositories this node holds offer no version of market: asking the peers");
        assertStep("reading the repositories of 1 peer(s)…");
        assertStep("peer Y (" + y.url() + "): holds 1 bundle(s); took the index of acme (increment ");
        assertStep("downloading org.example.market 1.0.0 from " + y.url());
        assertTrue(repository.peersRead().isPresent());
        assertTrue(misbehaviour.toString(), misbehaviour.isEmpty());
    }

    @Test
    public void anOlderHeldVersionGivesWayToTheNewerOneAPeerRuns() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0")));
        PeerServer y = peer("y");
        y.serve(repositories.publish(acme, "r", market("1.1.0")), trust);
        y.announce("market", "1.1.0", "other", "9.0.0");

        ModuleChange change = installer.install("market", null, progress);

        assertEquals(List.of("org.example.market 1.1.0"), change.installed());
        assertStep("peer Y runs market 1.1.0, newer than the 1.0.0 this node holds: asking the peers");
        assertStep("downloading org.example.market 1.1.0 from " + y.url());
    }

    @Test
    public void whatTheNodeHoldsIsEnoughWhenNoPeerRunsANewerVersionInTheRange() throws Exception {
        Path published = repositories.publish(acme, "r", market("1.0.0"));
        take(published);
        PeerServer y = peer("y");
        y.serve(published, trust);
        // 2.0 is outside the range asked for: no reason to read the peers.
        y.announce("market", "1.0.0", "market-v2", "2.0.0");

        ModuleChange change = installer.install("market", "[1.0,2)", progress);

        assertEquals(List.of("org.example.market 1.0.0"), change.installed());
        assertFalse(steps.toString(), steps.stream().anyMatch(s -> s.contains("asking the peers")));
        assertTrue(repository.peersRead().isEmpty());
    }

    @Test
    public void aPeerThatCannotBeReadDoesNotKeepTheOthersFromGivingTheModule() throws Exception {
        Peer gone = gone("gone");
        PeerServer y = peer("y");
        y.serve(repositories.publish(acme, "y", market("1.0.0")), trust);

        ModuleChange change = installer.install("market", null, progress);

        assertEquals(List.of("org.example.market 1.0.0"), change.installed());
        assertStep("reading the repositories of 2 peer(s)…");
        assertStep("peer GONE (" + gone.url() + "): cannot be read: ");
    }

    @Test
    public void anUnreachablePeerGivesAClearErrorAndNothingHeldIsLost() throws Exception {
        take(repositories.publish(acme, "r", repositories.module("org.example.shop", "1.0.0", "shop")));
        Set<String> held = repository.holdings().digests();
        Peer gone = gone("gone");

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, progress));

        assertTrue(refused.getMessage(), refused.getMessage().startsWith("No trusted publisher offers a module "
                + "'market' in the repositories this node holds or has read from its peers; 1 peer(s) read; peer GONE ("
                + gone.url() + "): cannot be read: "));
        assertEquals(held, repository.holdings().digests());
        assertEquals(List.of("shop"), repository.available().stream().map(v -> v.module()).toList());
        assertTrue(installer.bundlesOf("market").isEmpty());
    }

    @Test
    public void aPeerThatServesAnotherBundleThanItsIndexListsIsRefusedAndNothingHeldIsLost() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0")));
        Set<String> held = repository.holdings().digests();
        PeerServer y = peer("y");
        SignedIndex index = y.serve(repositories.publish(acme, "r", market("1.1.0")), trust);
        String newer = index.index().resources().stream().filter(r -> r.version().toString().equals("1.1.0"))
                .findFirst().orElseThrow().sha256();
        y.served.put("/repository/bundles/" + newer + ".jar", Files.readAllBytes(repositories.module(
                "org.example.market", "1.1.0", "market", "Bundle-Description", "not what was published")));
        y.announce("market", "1.1.0");

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, progress));

        assertTrue(refused.getMessage(), refused.getMessage().startsWith("No peer could give org.example.market "
                + "1.1.0: peer y: org.example.market 1.1.0 is not the bundle its publisher's index lists"));
        assertEquals(1, misbehaviour.size());
        assertEquals(held, repository.holdings().digests());
        assertTrue(installer.bundlesOf("market").isEmpty());
    }

    @Test
    public void anIndexSignedByAnUntrustedPublisherIsRefusedAndCounted() throws Exception {
        Publisher stranger = repositories.publisher("stranger");
        Path theirs = repositories.publish(stranger, "theirs", market("1.0.0"));
        PeerServer y = peer("y");
        SignedIndex index = y.serve(theirs, new SignedRepositories.Trust().trust(stranger));
        // Served where acme's index belongs, as if it were acme's.
        String fingerprint = acme.keyPair().publicKey().fingerprint();
        y.list(fingerprint, index.increment(), List.of());
        y.served.put("/repository/" + fingerprint + "/index.xml", Files.readAllBytes(theirs.resolve("index.xml")));
        y.served.put("/repository/" + fingerprint + "/index.xml.sig", Files.readAllBytes(theirs.resolve(
                "index.xml.sig")));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, progress));

        assertTrue(refused.getMessage(), refused.getMessage().contains("refused what it served: The index from peer y "
                + "is signed by publisher " + stranger.keyPair().publicKey().fingerprint() + ", whom this node does "
                + "not trust"));
        assertEquals(1, misbehaviour.size());
        assertTrue(repository.holdings().indexes().isEmpty());
    }

    @Test
    public void aReplayedOlderIndexIsRefusedAndTheNodeInstallsWhatItHolds() throws Exception {
        Path published = repositories.publish(acme, "r", market("1.0.0"));
        Path old = folder.newFolder("old").toPath();
        for (String file : List.of("index.xml", "index.xml.sig")) {
            Files.copy(published.resolve(file), old.resolve(file));
        }
        take(repositories.publish(acme, "r", market("1.1.0")));
        long increment = repository.holdings().increment(acme.keyPair().publicKey().fingerprint());
        PeerServer y = peer("y");
        y.serve(old, trust);
        y.list(acme.keyPair().publicKey().fingerprint(), increment + 1, List.of());
        y.announce("market", "1.2.0");

        ModuleChange change = installer.install("market", null, progress);

        assertEquals(List.of("org.example.market 1.1.0"), change.installed());
        assertStep("peer Y (" + y.url() + "): holds 0 bundle(s); refused what it served: peer y announced increment "
                + (increment + 1));
        assertTrue(misbehaviour.toString(), misbehaviour.get(0).contains("older than the one this node holds"));
        assertEquals(increment, repository.holdings().increment(acme.keyPair().publicKey().fingerprint()));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private PeerServer peer(String id) throws Exception {
        PeerServer server = new PeerServer(id);
        servers.add(server);
        peers.add(server.peer());
        return server;
    }

    /** A peer at a loopback port where nothing listens. */
    private Peer gone(String id) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Peer peer = PeerServer.peer(id, URI.create("http://127.0.0.1:" + port + "/"));
        peers.add(peer);
        return peer;
    }

    private Path market(String version) throws Exception {
        return repositories.module("org.example.market", version, "market");
    }

    private void take(Path published) throws ModuleRefusedException {
        repository.importRepository(published.toUri(), InstallProgress.SILENT);
    }

    private void assertStep(String start) {
        assertTrue("a step starting with '" + start + "' in " + String.join("\n", steps),
                steps.stream().anyMatch(s -> s.startsWith(start)));
    }
}
