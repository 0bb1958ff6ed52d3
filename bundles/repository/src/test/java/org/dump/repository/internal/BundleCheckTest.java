package org.dump.repository.internal;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dump.crypto.Digests;
import org.dump.repository.ModuleRefusedException;
import org.junit.Test;

/**
 * Jars that a signed index could list and that {@code java.util.jar} would choke on: zip bombs, refused after a
 * bounded amount of unpacking, and duplicate entries. (CraftedJarFuzzTest found the bombs: before BundleCheck
 * bounded the unpacking, {@code java.util.jar} inflated every entry to its end, and read a 1 MiB jar's manifest that
 * inflates to 1 GiB into memory whole: 40 s, or an OutOfMemoryError with a 1 GiB heap.)
 */
public class BundleCheckTest {

    @Test
    public void aManifestThatInflatesBeyondItsDeclaredSizeIsRefusedQuickly() throws Exception {
        RawZip.Entry bomb = RawZip.zeros("META-INF/MANIFEST.MF", 1024);
        bomb.size = 100_000;

        // java.util.jar reads the manifest (all of it, into memory) once it sees a signature file.
        assertRefused("zip bomb", new RawZip().add(bomb)
                .add(new RawZip.Entry("META-INF/DUMP.SF", new byte[] {'S'}, RawZip.STORED))
                .add(new RawZip.Entry("about.txt", new byte[] {'a'}, RawZip.STORED)));
    }

    @Test
    public void anEntryThatInflatesBeyondItsDeclaredSizeIsRefusedQuickly() throws Exception {
        RawZip.Entry bomb = RawZip.zeros("about.txt", 1024);
        bomb.size = 22;

        assertRefused("zip bomb", new RawZip().add(bomb));
    }

    @Test
    public void entriesDeclaringMoreThanABundleUnpacksToAreRefusedUnread() throws Exception {
        RawZip.Entry bomb = RawZip.zeros("about.txt", 4);
        bomb.size = 0xFFFF_FFF0L;

        assertRefused("unpacks to more than", new RawZip().add(bomb));
        RawZip.Entry manifest = RawZip.zeros("META-INF/MANIFEST.MF", 9);
        assertRefused("unpacks to more than", new RawZip().add(manifest));
    }

    @Test
    public void twoEntriesOfTheSameNameAreRefused() throws Exception {
        assertRefused("two entries named about.txt", new RawZip()
                .add(new RawZip.Entry("about.txt", new byte[] {'a'}, RawZip.STORED))
                .add(new RawZip.Entry("about.txt", new byte[] {'b'}, RawZip.DEFLATED)));
    }

    private static void assertRefused(String expected, RawZip zip) throws Exception {
        byte[] bytes = zip.toByteArray();
        Path jar = FuzzPublisher.WORK.resolve("bomb.jar");
        Files.write(jar, bytes);
        long began = System.nanoTime();
        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class, () -> BundleCheck.verify(jar,
                FuzzPublisher.resource(FuzzPublisher.hex(Digests.sha256(bytes))), FuzzPublisher.INDEX));
        assertTrue(refused.getMessage(), refused.getMessage().contains(expected));
        assertTrue("took " + (System.nanoTime() - began) / 1_000_000 + " ms",
                System.nanoTime() - began < 2_000_000_000L);
    }
}
