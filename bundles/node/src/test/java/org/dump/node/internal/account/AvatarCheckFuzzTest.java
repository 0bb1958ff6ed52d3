package org.dump.node.internal.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.dump.node.account.Avatar;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.AvatarRejectedException.Reason;

import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link AvatarCheck}, which reads the bytes a user uploads as an avatar (and those of avatars granted by other
 * nodes) with ImageIO's header readers (Jazzer; issue 27). The first byte picks the declared media type, the rest is
 * the image. Without {@code JAZZER_FUZZ} it runs the committed seeds (AvatarCheckFuzzTestInputs/: small PNG, JPEG
 * and GIF images made by ImageIO, and decompression bombs' headers); CI fuzzes it for 4 s, {@code
 * benchmarks/fuzz/run.sh} as long as it is told. For every input: the avatar is accepted, or refused with an
 * {@link AvatarRejectedException} whose reason fits, no other exception; an accepted avatar is the same bytes, at
 * most the byte limit, a PNG, JPEG or GIF by its signature that its declared type does not contradict, and no side
 * (IHDR of a PNG; logical screen of a GIF, which browsers draw) above the pixel limit; each input is done within a
 * second, however many pixels it declares.
 */
public class AvatarCheckFuzzTest {

    /** Small limits, so that the fuzzer reaches them. */
    private static final int MAX_BYTES = 20_000;
    private static final int MAX_SIDE = 64;
    private static final AvatarCheck CHECK = new AvatarCheck(MAX_BYTES, MAX_SIDE);
    private static final String[] DECLARED = {null, "", "image/png", "image/jpeg", "image/gif",
        "application/octet-stream", "IMAGE/PNG; charset=x", "text/html", "image/svg+xml"};

    static {
        // ImageIO finds and loads its readers on first use: that is not the time an input takes.
        for (String format : new String[] {"png", "jpeg", "gif"}) {
            CHECK.check(new Avatar(null, Images.encoded(format, 2, 2)));
        }
    }

    @FuzzTest(maxDuration = "4s")
    void anAvatarIsAnImageWithinTheLimitsOrRefused(byte[] input) {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        check(input);
    }

    private static void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String declared = DECLARED[(input[0] & 0xff) % DECLARED.length];
        byte[] image = Arrays.copyOfRange(input, 1, input.length);
        String type = typeBySignature(image);
        long began = System.nanoTime();
        Avatar accepted;
        try {
            accepted = CHECK.check(new Avatar(declared, image));
        } catch (AvatarRejectedException refused) {
            // ImageIO is JDK code, which Jazzer does not instrument: tell it which format and outcome an input
            // reached, so that it keeps inputs of each in its corpus.
            Jazzer.exploreState((byte) (type.hashCode() * 31 + refused.getMessage().replaceAll("[0-9]", "").hashCode()), 1);
            assertNotNull(refused.reason());
            assertNotNull(refused.getMessage());
            assertEquals(image.length > MAX_BYTES, refused.reason() == Reason.TOO_LARGE, refused.getMessage());
            assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + image.length + " bytes");
            return;
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + image.length + " bytes");
        Jazzer.exploreState((byte) type.hashCode(), 2);
        assertArrayEquals(image, accepted.image());
        assertTrue(image.length > 0 && image.length <= MAX_BYTES);
        assertEquals(type, accepted.mediaType());
        String said = declared == null ? "" : declared.toLowerCase(Locale.ROOT).split(";")[0].trim();
        assertTrue(said.isEmpty() || said.equals(type) || said.equals("application/octet-stream"), said + " " + type);
        if (type.equals("image/png")) {
            assertTrue(image.length >= 24 && "IHDR".equals(new String(image, 12, 4, StandardCharsets.ISO_8859_1)));
            assertTrue(u32(image, 16) <= MAX_SIDE && u32(image, 20) <= MAX_SIDE, "PNG IHDR above the limit");
        }
        if (type.equals("image/gif")) {
            assertTrue(u16le(image, 6) <= MAX_SIDE && u16le(image, 8) <= MAX_SIDE, "GIF screen above the limit");
        }
    }

    /** The type by the file's magic number, written again here so that the check is not its own oracle. */
    private static String typeBySignature(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d
                && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        return "none";
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int u16le(byte[] b, int at) {
        return b.length < at + 2 ? 0 : (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
