package org.dump.testkit.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The module id that DumpNode installs comes from the bundle's manifest, as the node reads it. */
public class ModulePublicationTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theIdIsReadFromTheModuleCapabilityAsBndWritesIt() throws IOException {
        assertEquals("notes", ModulePublication.moduleId(bundle(
                "osgi.service;objectClass:List<String>=\"org.dump.api.web.ModulePage\";uses:=\"org.dump.api.web\","
                        + "dump.module;data.version=\"1.0.0\";dump.module=notes;search:List<String>=\"note.text\"")));
        assertEquals("market-v2", ModulePublication.moduleId(bundle("dump.module;dump.module=\"market-v2\"")));
        assertEquals("x", ModulePublication.moduleId(bundle("dump.module;dump.module:String=x;data.version=1.0.0")));
    }

    @Test
    public void aBundleThatDeclaresNoModuleIsRefusedSayingWhatIsMissing() throws IOException {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ModulePublication.moduleId(bundle("osgi.service;objectClass:List<String>=\"a.B\"")));
        assertTrue(none.getMessage(), none.getMessage().contains("@Module"));
        assertThrows(IllegalArgumentException.class, () -> ModulePublication.moduleId(bundle(null)));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModulePublication.publish(folder.getRoot().toPath().resolve("nothing.jar"), folder.getRoot().toPath()));
        assertTrue(missing.getMessage(), missing.getMessage().contains("mvn package"));
    }

    private Path bundle(String capabilities) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (capabilities != null) {
            manifest.getMainAttributes().putValue("Provide-Capability", capabilities);
        }
        Path jar = Files.createTempFile(folder.getRoot().toPath(), "module-", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }
}
