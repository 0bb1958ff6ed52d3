package org.dump.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.core.Response;

import org.dump.api.record.ModuleRecord;
import org.dump.web.internal.http.ErrorMapper;

import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the market's listing images: {@code PUT /api/modules/market/listings/{id}/image} as the resource takes it
 * ({@link ListingResource#putImage}, on {@link InMemoryMarket}), and the same image as a record from a peer
 * ({@link ListingImages#problem}) (Jazzer; issue 27). The first byte picks the Content-Type, the rest is the body.
 * Without {@code JAZZER_FUZZ} it runs the committed seeds (ListingImagesFuzzTestInputs/: small PNG, JPEG, GIF and
 * WebP images, and decompression bombs' headers); CI fuzzes it for 4 s, {@code benchmarks/fuzz/run.sh} as long as it
 * is told. For every input: the image is stored, or refused with 400, 413 or 415 as the node answers the
 * resource's exception ({@link ErrorMapper}), no other exception, and then the records are as they were; a peer's
 * record of the same image is refused exactly when the upload is; a stored image is the bytes sent, at most
 * {@link ListingImages#MAX_BYTES}, of the type it was sent as, with its header's sides (PNG IHDR, GIF logical
 * screen, WebP VP8X canvas) at most {@link ListingImages#MAX_SIDE}, and is served as that type; each input is done
 * within a second, however many pixels it declares.
 */
public class ListingImagesFuzzTest {

    private static final String[] CONTENT_TYPES = {null, "image/png", "image/jpeg", "image/gif", "image/webp",
        "image/png; charset=binary", "text/html", "image/svg+xml", ""};
    private static final InMemoryMarket MARKET = new InMemoryMarket();
    private static final String LISTING;

    static {
        ListingInput socks = new ListingInput();
        socks.title = "Socks";
        socks.price = java.math.BigDecimal.ONE;
        socks.currency = "EUR";
        LISTING = ((Listing) MARKET.resource.create(socks).getEntity()).id;
    }

    @FuzzTest(maxDuration = "4s")
    void anImageIsStoredWithinTheLimitsOrRefused(byte[] input) {
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
        String contentType = CONTENT_TYPES[(input[0] & 0xff) % CONTENT_TYPES.length];
        byte[] image = Arrays.copyOfRange(input, 1, input.length);
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        Optional<String> peerProblem = ListingImages.problem(Map.of("listing", LISTING, "contentType", type,
                "data", Base64.getEncoder().encodeToString(image)));
        InMemoryMarket.Saved before = MARKET.save();
        long began = System.nanoTime();
        Listing listing;
        try {
            listing = MARKET.resource.putImage(LISTING, contentType, image);
        } catch (RuntimeException refused) {
            int status = new ErrorMapper().toResponse(refused).getStatus();
            assertTrue(status == 400 || status == 413 || status == 415, status + " for " + refused);
            assertEquals(before, MARKET.save(), "a refused image changed the records");
            assertTrue(peerProblem.isPresent(), "a peer's record of an image refused here was accepted");
            // The header parsers are not what Jazzer sees best from here: tell it which refusal an input reached.
            Jazzer.exploreState((byte) (type.hashCode() * 31 + status * 7 + refused.getMessage().length()), 1);
            assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + image.length + " bytes");
            return;
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + image.length + " bytes");
        assertEquals(Optional.empty(), peerProblem, "a peer's record of an image accepted here was refused");
        Jazzer.exploreState((byte) type.hashCode(), 2);
        assertTrue(image.length > 0 && image.length <= ListingImages.MAX_BYTES);
        ModuleRecord stored = MARKET.get(MARKET.get(LISTING).orElseThrow().text(ListingFields.IMAGE).orElseThrow())
                .orElseThrow();
        assertArrayEquals(image, ListingImages.bytes(stored));
        assertEquals(type, stored.text("contentType").orElseThrow());
        assertEquals(type, typeBySignature(image));
        assertTrue(longestSide(image) <= ListingImages.MAX_SIDE, "a side above the limit");
        assertEquals("listings/" + LISTING + "/image", listing.image);
        Response served = MARKET.resource.image(LISTING);
        assertEquals(type, served.getMediaType().toString());
        assertArrayEquals(image, (byte[]) served.getEntity());
        MARKET.restore(before);
    }

    /** The type by the file's magic number, written again here so that the code is not its own oracle. */
    private static String typeBySignature(byte[] b) {
        String text = new String(b, 0, Math.min(b.length, 16), StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u0089PNG\r\n\u001a\n")) {
            return "image/png";
        }
        if (text.startsWith("\u00ff\u00d8\u00ff")) {
            return "image/jpeg";
        }
        if (text.startsWith("GIF8")) {
            return "image/gif";
        }
        return text.startsWith("RIFF") && text.length() > 12 && text.startsWith("WEBP", 8) ? "image/webp" : "none";
    }

    /** The longest side that the simplest headers state outright (0 for JPEG and simple WebP: not checked here). */
    private static long longestSide(byte[] b) {
        return switch (typeBySignature(b)) {
            case "image/png" -> Math.max(u16(b, 16) << 16 | u16(b, 18), u16(b, 20) << 16 | u16(b, 22));
            case "image/gif" -> Math.max(Short.reverseBytes((short) u16(b, 6)) & 0xffff,
                    Short.reverseBytes((short) u16(b, 8)) & 0xffff);
            case "image/webp" -> "VP8X".equals(new String(b, 12, 4, StandardCharsets.ISO_8859_1))
                    ? 1 + Math.max(u24le(b, 24), u24le(b, 27)) : 0;
            default -> 0;
        };
    }

    private static long u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static long u24le(byte[] b, int at) {
        return b[at] & 0xff | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
}
