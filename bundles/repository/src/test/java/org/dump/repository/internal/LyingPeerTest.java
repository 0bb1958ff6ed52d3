package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dump.publisher.Publisher;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A peer that serves its repository over real HTTP on loopback and lies: a bundle that is not the one the signed
 * index lists, or an older index than the node holds. The node keeps nothing of it and counts it against the peer.
 */
public class LyingPeerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private PeerServer liar;
    private final List<String> misbehaviour = PeerServer.misbehaviour();
    private SignedRepositories repositories;
    private SignedRepositories.Trust trust;
    private Publisher acme;
    private NodeRepository node;

    @Before
    public void start() throws Exception {
        liar = new PeerServer("liar");
        repositories = new SignedRepositories(folder.newFolder("publishing").toPath());
        acme = repositories.publisher("acme");
        trust = new SignedRepositories.Trust().trust(acme);
        node = new NodeRepository(null, trust, PeerServer.directory(List.of(liar.peer()), misbehaviour),
                folder.newFolder("node").toPath());
    }

    @After
    public void stop() {
        liar.close();
    }

    @Test
    public void aBundleThatIsNotTheOneTheIndexListsIsRefusedAndCounted() throws Exception {
        Path published = repositories.publish(acme, "r", repositories.module("org.example.market", "1.0.0",
                "market"));
        SignedIndex index = liar.serve(published, trust);
        IndexResource market = index.index().resources().get(0);
        byte[] other = Files.readAllBytes(repositories.module("org.example.market", "1.0.0", "market",
                "Bundle-Description", "not what was published"));
        liar.served.put("/repository/bundles/" + market.sha256() + ".jar", other);

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> node.bundles().obtain(market, index, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().contains("is not the bundle its publisher's index lists"));
        assertEquals(1, misbehaviour.size());
        assertTrue(node.holdings().digests().isEmpty());
    }

    @Test
    public void anOlderIndexFromAPeerIsRefusedAndCounted() throws Exception {
        Path published = repositories.publish(acme, "r", repositories.module("org.example.market", "1.0.0",
                "market"));
        Path old = folder.newFolder("old").toPath();
        Files.copy(published.resolve("index.xml"), old.resolve("index.xml"));
        Files.copy(published.resolve("index.xml.sig"), old.resolve("index.xml.sig"));
        repositories.publish(acme, "r", repositories.module("org.example.market", "1.1.0", "market"));
        node.importRepository(published.toUri(), InstallProgress.SILENT);
        // The peer claims a newer index than the node's, and serves the old one.
        liar.serve(old, trust);
        liar.list(acme.keyPair().publicKey().fingerprint(), Long.MAX_VALUE, List.of());

        node.readPeers();

        assertEquals(1, misbehaviour.size());
        assertTrue(misbehaviour.get(0), misbehaviour.get(0).contains("older than the one this node holds"));
        assertEquals(2, node.available().size());
    }
}
