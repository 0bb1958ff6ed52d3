package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.dump.publisher.Publisher;
import org.dump.repository.InstallProgress;
import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleRefusedException;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The installer in a real OSGi framework (Felix, as Karaf runs it), on repositories signed by the publisher tool:
 * what it installs, and everything it must refuse, leaving the framework as it was.
 */
public class RepositoryInstallerTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final FelixFramework framework = new FelixFramework(folder);

    @Rule
    public RuleChain folderThenFramework = RuleChain.outerRule(folder).around(framework);

    private BundleContext context;
    private SignedRepositories repositories;
    private SignedRepositories.Trust trust;
    private NodeRepository repository;
    private RepositoryInstaller installer;
    private Publisher acme;

    @Before
    public void start() throws Exception {
        context = framework.context();
        repositories = new SignedRepositories(folder.newFolder("publishing").toPath());
        acme = repositories.publisher("acme");
        trust = new SignedRepositories.Trust().trust(acme);
        repository = new NodeRepository(context, trust, SignedRepositories.noPeers(),
                folder.newFolder("node-repository").toPath());
        installer = new RepositoryInstaller(context, repository, framework.resolver(),
                new ShippedRepository(repository, folder.getRoot().toPath().resolve("none"), false));
    }

    @Test
    public void installsTheNewestVersionAndStartsIt() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0"), market("1.1.0")));

        ModuleChange change = installer.install("market", null, InstallProgress.SILENT);

        assertEquals(List.of("org.example.market 1.1.0"), change.installed());
        Bundle market = only("market");
        assertEquals(Bundle.ACTIVE, market.getState());
        assertTrue(market.getLocation().startsWith(NodeRepository.LOCATION_PREFIX));
        InstalledModule installed = repository.installed().get(0);
        assertEquals("acme", installed.publisher());
        assertEquals("1.1.0", installed.version());
    }

    @Test
    public void refusesAModuleNoTrustedPublisherOffers() throws Exception {
        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, InstallProgress.SILENT));
        assertTrue(refused.getMessage(), refused.getMessage().contains("No trusted publisher offers"));
    }

    @Test
    public void aNodeThatTrustsNobodySaysSoAndHowToTrust() throws Exception {
        trust.remove("acme");

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().contains("this node trusts no module publisher yet"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("dump:trust-add NAME KEY"));
    }

    @Test
    public void aTamperedBundleIsNeitherKeptNorInstalled() throws Exception {
        Path published = repositories.publish(acme, "r", market("1.0.0"));
        Path jar = jarIn(published);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(jar, bytes);

        String imported = take(published);

        assertTrue(imported, imported.contains("1 not taken"));
        assertTrue(repository.holdings().digests().isEmpty());
        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, InstallProgress.SILENT));
        assertTrue(refused.getMessage(), refused.getMessage().contains("No peer could give"));
        assertNothingInstalled();
    }

    @Test
    public void aBundleSignedByAnotherKeyThanTheIndexIsRefused() throws Exception {
        Publisher mallory = repositories.publisher("mallory");
        Path theirs = jarIn(repositories.publish(mallory, "theirs", market("1.0.0")));
        Path ours = repositories.publish(acme, "ours", market("1.0.0"));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class, () -> checkListed(ours, theirs));

        assertTrue(refused.getMessage(), refused.getMessage().contains("is JAR-signed by "
                + mallory.keyPair().publicKey().fingerprint() + ", not by acme"));
        assertTrue(take(ours).contains("1 not taken"));
        assertTrue(repository.holdings().digests().isEmpty());
    }

    @Test
    public void anUnsignedBundleIsRefused() throws Exception {
        Path unsigned = market("1.0.0");
        Path published = repositories.publish(acme, "r", unsigned);

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> checkListed(published, unsigned));

        assertTrue(refused.getMessage(), refused.getMessage().contains("no valid JAR signature"));
    }

    @Test
    public void anIndexThatDoesNotMatchItsSignatureIsRefused() throws Exception {
        Path published = repositories.publish(acme, "r", market("1.0.0"));
        Path index = published.resolve("index.xml");
        Files.writeString(index, Files.readString(index).replace("1.0.0", "1.0.1"));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class, () -> take(published));

        assertTrue(refused.getMessage(), refused.getMessage().contains("does not match its signature"));
        assertTrue(repository.holdings().indexes().isEmpty());
    }

    @Test
    public void anUntrustedPublisherIsRefused() throws Exception {
        Publisher stranger = repositories.publisher("stranger");
        Path published = repositories.publish(stranger, "r", market("1.0.0"));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class, () -> take(published));

        assertTrue(refused.getMessage(), refused.getMessage().contains("does not trust"));
    }

    @Test
    public void aRemovedPublisherInstallsAndUpdatesNothingMore() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0")));
        installer.install("market", null, InstallProgress.SILENT);
        take(repositories.publish(acme, "r", market("1.1.0")));

        trust.remove("acme");

        assertTrue(repository.available().isEmpty());
        ModuleChange change = installer.update("market", ModuleUpdates.POLICY_MINOR, InstallProgress.SILENT);
        assertFalse(change.changed());
        assertEquals("1.0.0", only("market").getVersion().toString());
    }

    @Test
    public void anOlderIndexOfferedAgainIsRefused() throws Exception {
        Path old = repositories.publish(acme, "old", market("1.0.0"));
        Path copy = folder.newFolder("old-copy").toPath();
        for (Path file : Files.list(old).toList()) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        take(repositories.publish(acme, "old", market("1.1.0")));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class, () -> take(copy));

        assertTrue(refused.getMessage(), refused.getMessage().contains("older than the one this node holds"));
        assertEquals(2, repository.available().size());
    }

    @Test
    public void updatesWithinTheMajorVersionRestartingOnlyTheModule() throws Exception {
        Bundle bystander = context.installBundle("test:bystander", Files.newInputStream(
                repositories.module("org.example.bystander", "1.0.0", "bystander")));
        bystander.start();
        take(repositories.publish(acme, "r", market("1.0.0")));
        installer.install("market", null, InstallProgress.SILENT);
        take(repositories.publish(acme, "r", market("1.0.1"), market("1.1.0"), market("2.0.0")));

        ModuleChange patch = installer.update("market", ModuleUpdates.POLICY_PATCH, InstallProgress.SILENT);
        assertEquals(List.of("org.example.market 1.0.0 -> 1.0.1"), patch.updated());
        ModuleChange minor = installer.update("market", ModuleUpdates.POLICY_MINOR, InstallProgress.SILENT);

        assertEquals(List.of("org.example.market 1.0.1 -> 1.1.0"), minor.updated());
        assertEquals(List.of("org.example.market 1.1.0"), minor.restarted());
        assertEquals("1.1.0", only("market").getVersion().toString());
        assertEquals(Bundle.ACTIVE, only("market").getState());
        assertEquals(Bundle.ACTIVE, bystander.getState());
        assertFalse(installer.update("market", ModuleUpdates.POLICY_MINOR, InstallProgress.SILENT).changed());
    }

    @Test
    public void aNewMajorVersionIsInstalledBesideTheOldOnlyWhenAsked() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0"), market("2.0.0")));
        installer.install("market", "[1.0,2)", InstallProgress.SILENT);

        ModuleRefusedException again = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", "[1.0,2)", InstallProgress.SILENT));
        assertTrue(again.getMessage(), again.getMessage().contains("installed already"));
        installer.install("market", "[2.0,3)", InstallProgress.SILENT);

        assertEquals(List.of("1.0.0", "2.0.0"), installer.bundlesOf("market").stream()
                .map(b -> b.getVersion().toString()).sorted().toList());
    }

    @Test
    public void anOlderVersionIsNeverTakenAsAnUpdate() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0"), market("1.1.0")));
        installer.install("market", null, InstallProgress.SILENT);

        assertFalse(installer.update("market", ModuleUpdates.POLICY_MINOR, InstallProgress.SILENT).changed());
        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", "[1.0,1.1)", InstallProgress.SILENT));
        assertTrue(refused.getMessage(), refused.getMessage().contains("installed already"));
        assertEquals("1.1.0", only("market").getVersion().toString());
    }

    @Test
    public void anUpdateThatDoesNotStartBringsTheOldVersionBack() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0")));
        installer.install("market", null, InstallProgress.SILENT);
        take(repositories.publish(acme, "r", repositories.module("org.example.market", "1.1.0", "market",
                "Bundle-Activator", "org.example.market.Missing", "Import-Package", "!org.example.market, *")));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.update("market", ModuleUpdates.POLICY_MINOR, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().contains("is back"));
        assertEquals("1.0.0", only("market").getVersion().toString());
        assertEquals(Bundle.ACTIVE, only("market").getState());
    }

    @Test
    public void aModuleForAnApiTheNodeLacksIsRefusedNamingThePackage() throws Exception {
        take(repositories.publish(acme, "r", repositories.module("org.example.market", "1.0.0", "market",
                "Import-Package", "org.dump.api.record;version=\"[9.0,10)\"")));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("market", null, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().contains("package org.dump.api.record version [9.0.0,10.0.0)"));
        assertNothingInstalled();
    }

    @Test
    public void dependenciesComeFromTheSameRepositories() throws Exception {
        Path library = repositories.module("org.example.money", "1.2.0", "money-lib",
                "Export-Package", "org.example.money;version=1.2.0", "-includeresource.p",
                "org/example/money/Money.txt;literal='money'");
        take(repositories.publish(acme, "r", library, repositories.module("org.example.market", "1.0.0", "market",
                "Import-Package", "org.example.money;version=\"[1.0,2)\"")));

        ModuleChange change = installer.install("market", null, InstallProgress.SILENT);

        assertEquals(List.of("org.example.market 1.0.0", "org.example.money 1.2.0"),
                change.installed().stream().sorted().toList());
        assertEquals(Bundle.ACTIVE, only("market").getState());
    }

    @Test
    public void uninstallRemovesEveryVersion() throws Exception {
        take(repositories.publish(acme, "r", market("1.0.0"), market("2.0.0")));
        installer.install("market", "[1.0,2)", InstallProgress.SILENT);
        installer.install("market", "[2.0,3)", InstallProgress.SILENT);

        ModuleChange change = installer.uninstall("market");

        assertEquals(2, change.uninstalled().size());
        assertNothingInstalled();
        assertThrows(ModuleRefusedException.class, () -> installer.uninstall("market"));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private Path market(String version) throws Exception {
        return repositories.module("org.example.market", version, "market");
    }

    private String take(Path published) throws ModuleRefusedException {
        return repository.importRepository(published.toUri(), InstallProgress.SILENT);
    }

    private Bundle only(String module) {
        List<Bundle> bundles = installer.bundlesOf(module);
        assertEquals(bundles.toString(), 1, bundles.size());
        return bundles.get(0);
    }

    private void assertNothingInstalled() {
        assertEquals(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).collect(Collectors.toList())
                .toString(), 1, context.getBundles().length);
    }

    private static Path jarIn(Path repository) throws Exception {
        try (var files = Files.list(repository)) {
            return files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    /**
     * Puts {@code jar} in the place of the one bundle of {@code repository}, has the publisher's index list it
     * (digest and size) under acme's signature, and checks it as the installer does: a publisher's index that
     * lists a bundle its publisher did not sign.
     */
    private void checkListed(Path repository, Path jar) throws Exception {
        Path listed = jarIn(repository);
        String digest = BundleCheck.sha256(jar);
        long size = Files.size(jar);
        String before = BundleCheck.sha256(listed);
        Files.copy(jar, listed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SignedRepositories.resign(repository, acme, xml -> xml.replaceAll("(?i)" + before, digest)
                .replaceAll("name=\"size\" value=\"\\d+\"", "name=\"size\" value=\"" + size + "\""));
        byte[] xml = Files.readAllBytes(repository.resolve("index.xml"));
        SignedIndex index = SignedIndex.verify(xml, Files.readAllBytes(repository.resolve("index.xml.sig")), trust,
                "test");
        BundleCheck.verify(listed, index.index().resources().get(0), index);
    }
}
