package org.dump.repository.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.osgi.resource.Capability;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the reader of OSGi R5 repository indexes ({@link RepositoryIndex#parse}), the {@code index.xml} a publisher
 * signs and peers serve (Jazzer; issue 27), from the bytes of indexes as the publisher tool writes them
 * (RepositoryIndexFuzzTestInputs/). Without {@code JAZZER_FUZZ} it runs the committed seeds; CI fuzzes it for 4 s,
 * {@code benchmarks/fuzz/run.sh} as long as it is told. For every input: an index or an
 * {@code IllegalArgumentException}, no other exception; every resource of an index has what
 * the rest of this bundle asks of it without failing (name, version, digest, size, module, data version, a url that
 * is a URI); each input done within a second.
 */
public class RepositoryIndexFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void anIndexIsReadOrRefused(byte[] xml) {
        check(xml);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] xml) {
        check(xml);
    }

    private static void check(byte[] xml) {
        long began = System.nanoTime();
        RepositoryIndex index;
        try {
            index = RepositoryIndex.parse(xml);
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertNotNull(index.name());
        for (IndexResource resource : index.resources()) {
            assertNotNull(resource.symbolicName());
            assertNotNull(resource.version());
            assertNotNull(resource.sha256());
            resource.size();
            resource.module();
            resource.dataVersion();
            assertNotNull(resource.describe());
            Object url = resource.getCapabilities(IndexResource.CONTENT_NAMESPACE).get(0).getAttributes().get("url");
            if (url != null) {
                URI.create("https://peer.example/repository/").resolve(url.toString());
            }
            for (Capability capability : resource.getCapabilities(null)) {
                assertNotNull(capability.getNamespace());
            }
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + xml.length + " bytes");
    }
}
