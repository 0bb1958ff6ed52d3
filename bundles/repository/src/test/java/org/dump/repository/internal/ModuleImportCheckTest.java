package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dump.publisher.Publisher;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/**
 * The installer refuses a module that names the node's own code outside the adapter API, naming what it names, before
 * the framework sees it: from the signed index before anything is downloaded, and from the bundle's manifest when the
 * index keeps quiet about it. In a real OSGi framework (Felix) where a bundle stands for the node and exports
 * {@code org.dump.node.module}, so that only the check can stop the install.
 */
public class ModuleImportCheckTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final FelixFramework framework = new FelixFramework(folder);

    @Rule
    public RuleChain folderThenFramework = RuleChain.outerRule(folder).around(framework);

    private BundleContext context;
    private SignedRepositories repositories;
    private NodeRepository repository;
    private RepositoryInstaller installer;
    private Publisher acme;

    @Before
    public void start() throws Exception {
        context = framework.context();
        repositories = new SignedRepositories(folder.newFolder("publishing").toPath());
        acme = repositories.publisher("acme");
        repository = new NodeRepository(context, new SignedRepositories.Trust().trust(acme),
                SignedRepositories.noPeers(), folder.newFolder("node-repository").toPath());
        installer = new RepositoryInstaller(context, repository, framework.resolver(),
                new ShippedRepository(repository, folder.getRoot().toPath().resolve("none"), false));
        context.installBundle("node", manifestJar("Bundle-SymbolicName", "org.dump.node", "Export-Package",
                "org.dump.node.module;version=1.1.0")).start();
    }

    @Test
    public void aModuleThatImportsANodePackageIsRefusedWithThePackageNamed() throws Exception {
        take(repositories.publish(acme, "r", sneaky()));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("sneaky", null, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().startsWith("org.example.sneaky 1.0.0 is refused: it "
                + "names the node's own code (Import-Package org.dump.node.module); a module uses the node only "
                + "through the adapter API"));
        assertEquals(2, context.getBundles().length);
    }

    @Test
    public void anIndexThatKeepsTheImportQuietDoesNotGetItPastTheManifest() throws Exception {
        Path published = repositories.publish(acme, "r", sneaky());
        SignedRepositories.resign(published, acme, xml -> xml.replaceAll("(?s)<requirement namespace=\"osgi.wiring"
                + ".package\">((?!</requirement>).)*org\\.dump\\.node\\.module((?!</requirement>).)*</requirement>",
                ""));
        take(published);
        assertTrue(repository.holdings().indexes().get(0).index().resources().get(0).getRequirements(null).stream()
                .noneMatch(r -> r.toString().contains("org.dump.node")));

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> installer.install("sneaky", null, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().contains("(Import-Package org.dump.node.module)"));
        assertEquals(2, context.getBundles().length);
    }

    @Test
    public void everyWayOfNamingTheNodeIsRefusedAtOnce() throws Exception {
        Path bundle = repositories.module("org.example.wide", "1.0.0", "wide",
                "Import-Package", "org.dump.api.record;version=\"[2.0,3)\",org.dump.crypto,org.example.own",
                "Export-Package", "org.example.own", "-includeresource.own", "org/example/own/a.txt;literal='a'",
                "DynamicImport-Package", "org.dump.federation.*,*",
                "Require-Bundle", "org.dump.node;bundle-version=\"[0,1)\",org.dump.api",
                "Fragment-Host", "org.dump.web");

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> ModuleImportCheck.check(bundle, "wide"));

        assertTrue(refused.getMessage(), refused.getMessage().contains("(Import-Package org.dump.crypto, "
                + "DynamicImport-Package org.dump.federation.*, Require-Bundle org.dump.node, Fragment-Host "
                + "org.dump.web)"));
    }

    @Test
    public void aModuleOfTheApiAndOtherLibrariesPasses() throws Exception {
        ModuleImportCheck.check(repositories.module("org.example.market", "1.0.0", "market", "Import-Package",
                "org.dump.api.record;version=\"[2.0,3)\",javax.ws.rs;version=\"[2.1,3)\"", "DynamicImport-Package",
                "*"), "market");
    }

    @Test
    public void headerNamesAreReadPastQuotedCommas() {
        assertEquals(List.of("a", "b", "c"), ModuleImportCheck.names("a;b;version=\"[1,2)\",c;resolution:=optional"));
        assertEquals(List.of("org.dump.node"), ModuleImportCheck.names(" org.dump.node ; bundle-version=\"1.0\""));
        assertEquals(List.of(), ModuleImportCheck.names(null));
    }

    /** A module of acme that imports a package of the node. */
    private Path sneaky() throws Exception {
        return repositories.module("org.example.sneaky", "1.0.0", "sneaky", "Import-Package",
                "org.dump.node.module");
    }

    /** @return a bundle of a manifest only, with the headers given in pairs: the node, as far as wiring goes */
    private static InputStream manifestJar(String... headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        for (int i = 0; i < headers.length; i += 2) {
            manifest.getMainAttributes().putValue(headers[i], headers[i + 1]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, manifest).close();
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private void take(Path published) throws ModuleRefusedException {
        repository.importRepository(published.toUri(), InstallProgress.SILENT);
    }
}
