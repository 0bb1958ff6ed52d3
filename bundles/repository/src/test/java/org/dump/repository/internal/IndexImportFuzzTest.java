package org.dump.repository.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.dump.crypto.Digests;
import org.dump.crypto.IndexSignature;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the import of a publisher's repository into this node's ({@link RepositoryImport#take} from a folder:
 * signed index, then {@link Holdings}, then each bundle downloaded and checked) with the indexes of
 * {@link IndexMutations} (not signed again: every index that passes is one the test publisher published, with its
 * bundle beside it), sometimes without their signature file, into holdings that keep increment 2 of the publisher's
 * index (Jazzer; issue 27). Without {@code JAZZER_FUZZ} it runs the committed seeds (IndexImportFuzzTestInputs/); CI
 * fuzzes it for 4 s, {@code benchmarks/fuzz/run.sh} as long as it is told. For every input: a refused import
 * ({@code ModuleRefusedException}, no other exception) leaves every file of the holdings as it was, byte for byte;
 * an import that passes took an index the publisher published, kept it only if newer than the held one, and kept
 * only bundles whose name is their checked digest; each input done within a second.
 */
public class IndexImportFuzzTest {

    private static final Path OFFERED;
    private static final Path HELD;
    private static final Holdings HOLDINGS;
    private static final RepositoryImport IMPORT;
    private static final Map<String, String> BEFORE;

    static {
        // Every refused bundle is logged as a warning: thousands of lines a second.
        System.setProperty("org.slf4j.simpleLogger.log.org.dump.repository.internal", "error");
        try {
            OFFERED = Files.createDirectories(FuzzPublisher.WORK.resolve("offered"));
            Files.write(OFFERED.resolve("signed.jar"), FuzzPublisher.SIGNED_JAR);
            HELD = Files.createDirectories(FuzzPublisher.WORK.resolve("held"));
            HOLDINGS = new Holdings(HELD, FuzzPublisher.TRUST);
            RepositoryHttp http = new RepositoryHttp();
            IMPORT = new RepositoryImport(HOLDINGS, FuzzPublisher.TRUST, http,
                    new BundleSources(HOLDINGS, http, SignedRepositories.noPeers(), null));
            IndexMutations.Original second = IndexMutations.ORIGINALS.get(1);
            HOLDINGS.adopt(SignedIndex.verify(second.xml(), second.signature().getBytes(StandardCharsets.UTF_8), FuzzPublisher.TRUST,
                    "the fuzz test"), "the fuzz test");
            BEFORE = files(HELD);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aRefusedImportKeepsNothing(FuzzedDataProvider data) throws Exception {
        check(data);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        check(data);
    }

    private static void check(FuzzedDataProvider data) throws Exception {
        boolean unsigned = data.consumeInt(0, 15) == 15;
        IndexMutations index = IndexMutations.of(data, false);
        Files.write(OFFERED.resolve("index.xml"), index.xml);
        Files.deleteIfExists(OFFERED.resolve(IndexSignature.FILE_NAME));
        if (!unsigned) {
            Files.writeString(OFFERED.resolve(IndexSignature.FILE_NAME), index.signature);
        }
        long began = System.nanoTime();
        try {
            RepositoryImport.Outcome outcome = IMPORT.take(OFFERED.toUri(), InstallProgress.SILENT);
            assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second");
            assertTrue(index.signedByTrusted(index.xml), "an index the publisher did not sign was taken");
            assertTrue(outcome.index().increment() >= 2, "an older index than the held one was taken");
            assertEquals(outcome.index().increment() > 2, outcome.newer());
            assertEquals(1, outcome.kept(), "the published bundle was not kept");
            String publisher = "publishers/" + outcome.index().fingerprint() + "/";
            Map<String, String> after = files(HELD);
            if (outcome.newer()) {
                assertEquals(digest(index.xml), after.get(publisher + "index.xml"));
            }
            after.forEach((file, digest) -> assertTrue(digest.equals(BEFORE.get(file))
                    || file.equals("bundles/" + digest + ".jar") || outcome.newer() && file.startsWith(publisher),
                    "kept " + file));
        } catch (ModuleRefusedException refused) {
            assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second");
            assertNotNull(refused.getMessage());
            assertFalse(index.untouched() && !unsigned && !older(index.xml), refused.getMessage());
            assertEquals(BEFORE, files(HELD), "a refused import changed the holdings: " + refused.getMessage());
        }
        restore();
    }

    private static boolean older(byte[] xml) {
        return RepositoryIndex.parse(xml).increment() < 2;
    }

    /** Back to the holdings as they were, for the next input. */
    private static void restore() throws IOException {
        if (files(HELD).equals(BEFORE)) {
            return;
        }
        IndexMutations.Original second = IndexMutations.ORIGINALS.get(1);
        try (Stream<Path> all = Files.walk(HELD)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        Path folder = HELD.resolve("publishers").resolve(FuzzPublisher.PUBLISHER.keyPair().publicKey().fingerprint());
        Files.write(folder.resolve("index.xml"), second.xml());
        Files.writeString(folder.resolve(IndexSignature.FILE_NAME), second.signature());
        assertEquals(BEFORE, files(HELD));
    }

    /** @return the SHA-256 of each file under a folder, by its path in the folder */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file).toString().replace('\\', '/'), digest(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static String digest(byte[] bytes) {
        return FuzzPublisher.hex(Digests.sha256(bytes));
    }
}
