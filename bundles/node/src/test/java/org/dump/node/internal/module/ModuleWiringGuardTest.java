package org.dump.node.internal.module;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dump.node.module.ModuleImports;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The resolver hook in a real OSGi framework (Felix, as Karaf runs it), with bundles that stand for the node
 * ({@code org.dump.node}, exporting {@code org.dump.node.module}) and the API: module code does not wire to the node
 * whatever it declares, and the same declarations resolve for a bundle that is no module.
 */
public class ModuleWiringGuardTest {

    private static final String MODULE = "dump.module;dump.module=sneaky;data.version:Version=1.0.0";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Framework framework;
    private BundleContext context;

    @Before
    public void start() throws Exception {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(Constants.FRAMEWORK_STORAGE, folder.newFolder("framework").toString());
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(configuration);
        framework.start();
        context = framework.getBundleContext();
        install("node", "Bundle-SymbolicName", "org.dump.node", "Export-Package",
                "org.dump.node.module;version=1.1.0");
        install("api", "Bundle-SymbolicName", "org.dump.api", "Export-Package", "org.dump.api.record;version=2.0.0");
    }

    @After
    public void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    public void aModuleThatImportsANodePackageDoesNotResolveAndThePackageIsNamed() throws Exception {
        new ModuleWiringGuard(context);
        Bundle sneaky = install("sneaky", "Bundle-SymbolicName", "com.example.sneaky", "Provide-Capability", MODULE,
                "Import-Package", "org.dump.node.module");

        BundleException refused = assertThrows(BundleException.class, sneaky::start);

        assertTrue(refused.getMessage(), refused.getMessage().contains("org.dump.node.module"));
        assertEquals(Bundle.INSTALLED, sneaky.getState());
    }

    @Test
    public void theSameImportResolvesForABundleThatIsNoModule() throws Exception {
        new ModuleWiringGuard(context);
        Bundle plain = install("plain", "Bundle-SymbolicName", "com.example.plain", "Import-Package",
                "org.dump.node.module");

        plain.start();

        assertEquals(Bundle.ACTIVE, plain.getState());
    }

    @Test
    public void aModuleResolvesAgainstTheApi() throws Exception {
        new ModuleWiringGuard(context);
        Bundle market = install("market", "Bundle-SymbolicName", "com.example.market", "Provide-Capability", MODULE,
                "Import-Package", "org.dump.api.record;version=\"[2.0,3)\"");

        market.start();

        assertEquals(Bundle.ACTIVE, market.getState());
    }

    @Test
    public void whatTheRepositoryInstalledIsModuleCodeToo() throws Exception {
        new ModuleWiringGuard(context);
        Bundle library = context.installBundle(ModuleImports.REPOSITORY_LOCATION_PREFIX + "com.example.library/1",
                jar("Bundle-SymbolicName", "com.example.library", "Import-Package", "org.dump.node.module"));

        assertThrows(BundleException.class, library::start);
    }

    @Test
    public void aModuleCannotRequireTheNodeBundle() throws Exception {
        new ModuleWiringGuard(context);
        Bundle sneaky = install("requires", "Bundle-SymbolicName", "com.example.requires", "Provide-Capability",
                MODULE, "Require-Bundle", "org.dump.node");

        BundleException refused = assertThrows(BundleException.class, sneaky::start);

        assertTrue(refused.getMessage(), refused.getMessage().contains("org.dump.node"));
    }

    @Test
    public void aModuleGetsNoDynamicWireToTheNode() throws Exception {
        new ModuleWiringGuard(context);
        String[] dynamic = {"DynamicImport-Package", "*"};
        Bundle module = install("dynamic", "Bundle-SymbolicName", "com.example.dynamic", "Provide-Capability", MODULE,
                dynamic[0], dynamic[1]);
        Bundle plain = install("dynamic-plain", "Bundle-SymbolicName", "com.example.dynamicplain", dynamic[0],
                dynamic[1]);

        assertEquals(List.of(), dynamicallyWired(module));
        assertEquals("the framework wires a dynamic import of a bundle that is no module",
                List.of("org.dump.node.module"), dynamicallyWired(plain));
    }

    @Test
    public void aModuleWiredBeforeTheGuardStartedIsRefreshedOffTheNode() throws Exception {
        Bundle early = install("early", "Bundle-SymbolicName", "com.example.early", "Provide-Capability", MODULE,
                "Import-Package", "org.dump.node.module");
        early.start();
        assertEquals(Bundle.ACTIVE, early.getState());

        new ModuleWiringGuard(context);

        long deadline = System.currentTimeMillis() + 10_000;
        while (early.getState() != Bundle.INSTALLED && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Bundle.INSTALLED, early.getState());
    }

    /** @return the packages the bundle got dynamic wires to after trying to load a class of the node */
    private static List<String> dynamicallyWired(Bundle bundle) throws Exception {
        bundle.start();
        assertThrows(ClassNotFoundException.class, () -> bundle.loadClass("org.dump.node.module.ModuleRegistry"));
        List<BundleWire> wires = bundle.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        return wires.stream().map(w -> (String) w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                .toList();
    }

    private Bundle install(String location, String... headers) throws BundleException {
        return context.installBundle(location, jar(headers));
    }

    /** @return a jar of a manifest only, with the headers given in pairs */
    private static ByteArrayInputStream jar(String... headers) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        for (int i = 0; i < headers.length; i += 2) {
            main.putValue(headers[i], headers[i + 1]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
