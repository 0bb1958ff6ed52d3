package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dump.publisher.Publisher;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleVersion;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The repository shipped in a distribution is taken in with the checks of any import, only when it changed, and
 * refused (the node running on) when it was tampered with.
 */
public class ShippedRepositoryTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private SignedRepositories repositories;
    private Publisher acme;
    private SignedRepositories.Trust trust;
    private Path node;
    private Path shipped;

    @Before
    public void publish() throws Exception {
        repositories = new SignedRepositories(folder.newFolder("publishing").toPath());
        acme = repositories.publisher("acme");
        trust = new SignedRepositories.Trust().trust(acme);
        node = folder.newFolder("node").toPath();
        shipped = repositories.publish(acme, "shipped", market("1.0.0"));
    }

    @Test
    public void aNewNodeTakesTheShippedModulesAndInstallsNothing() throws Exception {
        NodeRepository repository = repository();
        List<String> steps = new CopyOnWriteArrayList<>();

        assertEquals(ShippedRepository.Outcome.TAKEN, new ShippedRepository(repository, shipped, true)
                .take(steps::add));

        List<ModuleVersion> available = repository.available();
        assertEquals(1, available.size());
        assertEquals(List.of(NodeRepository.THIS_NODE), available.get(0).sources());
        assertTrue(steps.toString(), steps.get(0).startsWith("checking the modules shipped in this distribution"));
        assertTrue(steps.toString(), steps.stream().anyMatch(s -> s.startsWith("verifying org.example.market 1.0.0")));
    }

    @Test
    public void theNextStartDoesNothingWhileTheShippedIndexIsUnchanged() throws Exception {
        new ShippedRepository(repository(), shipped, true).take(InstallProgress.SILENT);
        List<String> steps = new CopyOnWriteArrayList<>();

        assertEquals(ShippedRepository.Outcome.UNCHANGED, new ShippedRepository(repository(), shipped, true)
                .take(steps::add));
        assertTrue(steps.toString(), steps.isEmpty());

        repositories.publish(acme, "shipped", market("1.1.0"));
        assertEquals(ShippedRepository.Outcome.TAKEN, new ShippedRepository(repository(), shipped, true)
                .take(InstallProgress.SILENT));
        assertEquals(2, repository().available().size());
    }

    @Test
    public void aTamperedIndexIsRefusedAndNothingIsTaken() throws Exception {
        Path index = shipped.resolve("index.xml");
        Files.writeString(index, Files.readString(index).replace("1.0.0", "1.0.1"));
        NodeRepository repository = repository();

        assertEquals(ShippedRepository.Outcome.REFUSED, new ShippedRepository(repository, shipped, true)
                .take(InstallProgress.SILENT));

        assertTrue(repository.holdings().indexes().isEmpty());
        assertTrue(repository.holdings().digests().isEmpty());
        assertFalse(Files.exists(repository.holdings().directory().resolve(ShippedRepository.MARKER)));
    }

    @Test
    public void aTamperedBundleIsRefusedAndTriedAgainAtTheNextStart() throws Exception {
        Path jar;
        try (var files = Files.list(shipped)) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(jar, bytes);

        assertEquals(ShippedRepository.Outcome.REFUSED, new ShippedRepository(repository(), shipped, true)
                .take(InstallProgress.SILENT));
        assertTrue(repository().holdings().digests().isEmpty());
        assertEquals(ShippedRepository.Outcome.REFUSED, new ShippedRepository(repository(), shipped, true)
                .take(InstallProgress.SILENT));
    }

    @Test
    public void anUntrustedPublisherIsRefused() throws Exception {
        trust.remove("acme");
        NodeRepository repository = repository();

        assertEquals(ShippedRepository.Outcome.REFUSED, new ShippedRepository(repository, shipped, true)
                .take(InstallProgress.SILENT));
        assertTrue(repository.holdings().digests().isEmpty());
    }

    @Test
    public void aNewerIndexHeldAlreadyIsKept() throws Exception {
        Path copy = folder.newFolder("older").toPath();
        for (Path file : Files.list(shipped).toList()) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        NodeRepository repository = repository();
        repository.importRepository(repositories.publish(acme, "shipped", market("1.1.0")).toUri(),
                InstallProgress.SILENT);
        long held = repository.holdings().increment(acme.keyPair().publicKey().fingerprint());

        assertEquals(ShippedRepository.Outcome.NEWER_HELD, new ShippedRepository(repository, copy, true)
                .take(InstallProgress.SILENT));
        assertEquals(held, repository.holdings().increment(acme.keyPair().publicKey().fingerprint()));
        assertEquals(ShippedRepository.Outcome.UNCHANGED, new ShippedRepository(repository(), copy, true)
                .take(InstallProgress.SILENT));
    }

    @Test
    public void turnedOffOrAbsentItTakesNothing() throws Exception {
        NodeRepository repository = repository();

        assertEquals(ShippedRepository.Outcome.OFF, new ShippedRepository(repository, shipped, false)
                .take(InstallProgress.SILENT));
        assertEquals(ShippedRepository.Outcome.ABSENT, new ShippedRepository(repository,
                folder.getRoot().toPath().resolve("nothing-shipped"), true).take(InstallProgress.SILENT));
        assertEquals(Set.of(), repository.holdings().digests());
        assertTrue(repository.available().isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** The node's repository, as a start of the node makes it again over the same folder. */
    private NodeRepository repository() {
        return new NodeRepository(null, trust, SignedRepositories.noPeers(), node);
    }

    private Path market(String version) throws Exception {
        return repositories.module("org.example.market", version, "market");
    }
}
