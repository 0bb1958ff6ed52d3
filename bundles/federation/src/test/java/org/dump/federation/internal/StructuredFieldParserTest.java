package org.dump.federation.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.dump.federation.internal.StructuredFields.Bytes;
import org.dump.federation.internal.StructuredFields.InnerList;
import org.dump.federation.internal.StructuredFields.Item;
import org.dump.federation.internal.StructuredFields.Malformed;
import org.dump.federation.internal.StructuredFields.Member;
import org.dump.federation.internal.StructuredFields.Token;
import org.junit.Test;

/** RFC 8941's own examples (§3) parse as the RFC says; what its parsing rules (§4.2) fail, fails. */
public class StructuredFieldParserTest {

    @Test
    public void theDictionaryExamplesOfRfc8941() throws Exception {
        Map<String, Member> dict = parse("en=\"Applepie\", da=:w4ZibGV0w6ZydGU=:");
        assertEquals(List.of("en", "da"), List.copyOf(dict.keySet()));
        assertEquals(item("Applepie"), dict.get("en"));
        assertArrayEquals("\u00c6blet\u00e6rte".getBytes(StandardCharsets.UTF_8),
                ((Bytes) ((Item) dict.get("da")).value()).value());

        dict = parse("a=?0, b, c; foo=bar");
        assertEquals(item(false), dict.get("a"));
        assertEquals(item(true), dict.get("b"));
        assertEquals(new Item(true, Map.of("foo", new Token("bar"))), dict.get("c"));

        dict = parse("rating=1.5, feelings=(joy sadness)");
        assertEquals(item(new BigDecimal("1.5")), dict.get("rating"));
        assertEquals(new InnerList(List.of(item(new Token("joy")), item(new Token("sadness"))), Map.of()),
                dict.get("feelings"));

        dict = parse("a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid");
        assertEquals(new InnerList(List.of(item(1L), item(2L)), Map.of()), dict.get("a"));
        assertEquals(item(3L), dict.get("b"));
        assertEquals(new Item(4L, Map.of("aa", new Token("bb"))), dict.get("c"));
        assertEquals(new InnerList(List.of(item(5L), item(6L)), Map.of("valid", true)), dict.get("d"));
    }

    @Test
    public void everyKindOfBareItem() throws Exception {
        Map<String, Member> dict = parse("i=-42, z=0, big=999999999999999, d=-4.125, s=\"say \\\"hi\\\" \\\\o/\", "
                + "t=foo123/456:x, star=*tok");
        assertEquals(item(-42L), dict.get("i"));
        assertEquals(item(0L), dict.get("z"));
        assertEquals(item(999_999_999_999_999L), dict.get("big"));
        assertEquals(item(new BigDecimal("-4.125")), dict.get("d"));
        assertEquals(item("say \"hi\" \\o/"), dict.get("s"));
        assertEquals(item(new Token("foo123/456:x")), dict.get("t"));
        assertEquals(item(new Token("*tok")), dict.get("star"));
        dict = parse("b=:cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, e=::, yes=?1");
        assertEquals(item(new Bytes("pretend this is binary content.".getBytes(StandardCharsets.US_ASCII))),
                dict.get("b"));
        assertEquals(item(new Bytes(new byte[0])), dict.get("e"));
        assertEquals(item(true), dict.get("yes"));
    }

    @Test
    public void spacesWhereTheRfcAllowsThem() throws Exception {
        assertEquals(parse("a=1,b=(x y);p=1"), parse("  a=1 ,\t b=(  x   y );p=1  "));
        assertEquals(Map.of(), parse(""));
        assertEquals(Map.of(), parse("   "));
        assertEquals(new Item(1L, Map.of("a", true, "b", 2L)), parse("k=1; a;  b=2").get("k"));
    }

    @Test
    public void aKeyGivenTwiceKeepsItsPlaceAndTakesTheLastValue() throws Exception {
        Map<String, Member> dict = parse("a=1, b=2, a=3");
        assertEquals(List.of("a", "b"), List.copyOf(dict.keySet()));
        assertEquals(item(3L), dict.get("a"));
        assertEquals(new Item(1L, Map.of("p", 3L)), parse("a=1;p=2;p=3").get("a"));
    }

    @Test
    public void byteSequencesNeedNoPadding() throws Exception {
        assertEquals(item(new Bytes("ab".getBytes(StandardCharsets.US_ASCII))), parse("a=:YWI:").get("a"));
        assertEquals(item(new Bytes("ab".getBytes(StandardCharsets.US_ASCII))), parse("a=:YWI=:").get("a"));
    }

    @Test
    public void whatRfc8941ParsingFails() {
        String[] malformed = {
            "a=1,", "a=1,,b=2", "a=1 b=2", "a=1, ", "A=1", "1a=1", "a=", "a=1;", "a=1;A=2", "a=1;p=", "\ta=1",
            "a=(1 2", "a=(1,2)", "a=(\"x\"\"y\")", "a=(1 2)x", "a=((1))",
            "a=\"open", "a=\"bad\\q\"", "a=\"tab\there\"", "a=\"end\\",
            "a=:YWJj$:", "a=:YWJj", "a=:Y:", "a=:Y=WI:",
            "a=?2", "a=?", "a=-", "a=--1", "a=1234567890123456", "a=1234567890123.0", "a=1.2345", "a=1.", "a=1.2.3",
            "a=é", "a=\"é\"", "a=@1", "a=%\"x\"", "a=1\u0000",
        };
        for (String field : malformed) {
            assertThrows(field, Malformed.class, () -> StructuredFieldParser.dictionary(field));
        }
    }

    @Test
    public void whatStrangersMaySendIsBounded() throws Exception {
        String longest = "a=\"" + "x".repeat(StructuredFieldParser.MAX_LENGTH - 4) + "\"";
        parse(longest);
        assertRefused("longer than 4096", longest + " ");
        parse("a,b,c,d,e,f,g,h");
        assertRefused("more than 8 members", "a,b,c,d,e,f,g,h,i");
        parse("a=(" + "1 ".repeat(16) + ")");
        assertRefused("more than 16 items", "a=(" + "1 ".repeat(17) + ")");
        StringBuilder params = new StringBuilder("a");
        for (int i = 0; i < 16; i++) {
            params.append(";p").append(i);
        }
        parse(params.toString());
        assertRefused("more than 16 parameters", params + ";p16");
    }

    @Test
    public void innerListsSerializeAsRfc8941Says() throws Exception {
        String input = "(\"@method\" \"@authority\" \"content-digest\");created=1618884473;keyid=\"test-key-rsa-pss\"";
        assertEquals(input, StructuredFields.serialize((InnerList) parse("sig1=" + input).get("sig1")));
        // Spaces dropped, true parameters bare, byte sequences padded, decimals with 1 to 3 fraction digits.
        assertEquals("(a \"b\\\"\\\\\";x;y=?0 :YWI=: 1.5 -2.0);valid;n=-7",
                StructuredFields.serialize((InnerList) parse("s=(  a \"b\\\"\\\\\";x=?1;y=?0   :YWI: 1.50 -2.000 );valid=?1;n=-7")
                        .get("s")));
        assertEquals("2.0", StructuredFields.bare(new BigDecimal("2")));
        assertEquals("100.0", StructuredFields.bare(new BigDecimal("1E+2")));
        assertEquals("0.124", StructuredFields.bare(new BigDecimal("0.12351")));
    }

    private static Map<String, Member> parse(String field) throws Malformed {
        return StructuredFieldParser.dictionary(field);
    }

    private static Item item(Object value) {
        return new Item(value, Map.of());
    }

    private static void assertRefused(String why, String field) {
        Malformed malformed = assertThrows(Malformed.class, () -> StructuredFieldParser.dictionary(field));
        assertTrue(malformed.getMessage(), malformed.getMessage().contains(why));
    }
}
