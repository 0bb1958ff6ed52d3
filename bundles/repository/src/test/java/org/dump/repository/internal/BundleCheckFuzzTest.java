package org.dump.repository.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the check of a downloaded bundle ({@link BundleCheck}: SHA-256 against the signed index, then the JAR
 * signature, read by {@code java.util.jar}) with the bytes of a zip, from a small jar the publisher signed
 * (BundleCheckFuzzTestInputs/) mutated by the fuzzer (Jazzer; issue 27). Without {@code JAZZER_FUZZ} it runs the
 * committed seeds; CI fuzzes it for 4 s, {@code benchmarks/fuzz/run.sh} as long as it is told. For every input
 * ({@link FuzzPublisher#checkBundle}): the bundle passes only with the entries and manifest the publisher signed,
 * and only the signed jar passes for the digest the index lists; otherwise a {@code ModuleRefusedException}, no
 * other exception; each input done within a second.
 */
public class BundleCheckFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void aBundlePassesOnlyAsSigned(byte[] jar) throws Exception {
        FuzzPublisher.checkBundle(jar);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] jar) throws Exception {
        FuzzPublisher.checkBundle(jar);
    }
}
