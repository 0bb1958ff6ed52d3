package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the RFC 8941 dictionary parser that reads strangers' {@code Signature-Input} and {@code Signature} headers
 * (Jazzer; issue 27). Without {@code JAZZER_FUZZ} it runs the committed seeds (StructuredFieldsFuzzTestInputs/) as a
 * test; CI fuzzes it for 5 s, {@code benchmarks/fuzz/run.sh} as long as it is told. What must hold for every input:
 * a dictionary or {@code Malformed}, no other exception; the parser's bounds; inner lists serialize to a form that
 * parses back to the same form; and each input is done within a second.
 */
public class StructuredFieldsFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void aHeaderIsADictionaryOrMalformed(byte[] input) throws Exception {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        check(input);
    }

    private static void check(byte[] input) throws Exception {
        // A header's bytes as Jetty hands them over: ISO-8859-1, one char per byte.
        String field = new String(input, StandardCharsets.ISO_8859_1);
        long began = System.nanoTime();
        Map<String, StructuredFields.Member> members;
        try {
            members = StructuredFieldParser.dictionary(field);
        } catch (StructuredFields.Malformed refused) {
            return;
        }
        assertTrue(members.size() <= StructuredFieldParser.MAX_MEMBERS, field);
        for (StructuredFields.Member member : members.values()) {
            assertTrue(member.params().size() <= StructuredFieldParser.MAX_PARAMETERS, field);
            if (member instanceof StructuredFields.InnerList list) {
                assertTrue(list.items().size() <= StructuredFieldParser.MAX_ITEMS, field);
                String written = StructuredFields.serialize(list);
                StructuredFields.Member again = StructuredFieldParser.dictionary("m=" + written).get("m");
                assertTrue(again instanceof StructuredFields.InnerList, written);
                assertEquals(written, StructuredFields.serialize((StructuredFields.InnerList) again), field);
            }
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + field.length() + " chars");
    }
}
