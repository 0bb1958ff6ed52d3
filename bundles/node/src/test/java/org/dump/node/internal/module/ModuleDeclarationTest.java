package org.dump.node.internal.module;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.dump.api.module.ModuleNamespace;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

public class ModuleDeclarationTest {

    @Test
    public void dataOfALaterMajorVersionRunsUnderAnIdOfItsOwn() {
        assertEquals("market", ModuleDeclaration.of(bundle("market", "1.4.0")).orElseThrow().id());
        assertEquals("market", ModuleDeclaration.of(bundle("market", "0.9.0")).orElseThrow().id());
        assertEquals("market-v2", ModuleDeclaration.of(bundle("market", "2.0.0")).orElseThrow().id());
        assertEquals(new Version(2, 0, 0), ModuleDeclaration.of(bundle("market", "2.0.0")).orElseThrow().dataVersion());
    }

    @Test
    public void idsOfLaterMajorVersionsCannotBeDeclared() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ModuleDeclaration.of(bundle("market-v2", "1.0.0")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("kept for the later major versions"));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ModuleDeclaration.of(bundle("m" + "a".repeat(30), "12.0.0")));
        assertTrue(tooLong.getMessage(), tooLong.getMessage().contains("longer than an id may be"));
    }

    /** A bundle whose manifest declares {@code dump.module=id; data.version=dataVersion}. */
    private static Bundle bundle(String id, String dataVersion) {
        BundleCapability capability = proxy(BundleCapability.class, Map.of("getAttributes",
                Map.of(ModuleNamespace.NAMESPACE, id, ModuleNamespace.DATA_VERSION_ATTRIBUTE,
                        Version.parseVersion(dataVersion))));
        BundleRevision revision = proxy(BundleRevision.class, Map.of("getDeclaredCapabilities",
                List.of(capability)));
        return proxy(Bundle.class, Map.of("adapt", revision, "getSymbolicName", "org.example." + id,
                "getBundleId", 7L, "getVersion", new Version(1, 0, 0)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        });
    }
}
