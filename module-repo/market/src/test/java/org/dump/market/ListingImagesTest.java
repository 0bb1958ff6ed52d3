package org.dump.market;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.WebApplicationException;

import org.junit.Test;

public class ListingImagesTest {

    private static final String LISTING = "a".repeat(26);
    private static final byte[] PNG_8X8 = image("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAADUlEQVR4XmP4zzAsAADHAQEApAoVkAAAAABJRU5ErkJggg==");
    /** 83 bytes whose IHDR says 100000x100000 pixels: 40 GB for a browser to decode. */
    private static final byte[] PNG_BOMB = image("iVBORw0KGgoAAAANSUhEUgABhqAAAYagCAAAAACNOVQUAAAAGklEQVR42u3BAQ0AAADCoPdPbQ8HFAAAAPBuEAAAAZtoVGMAAAAASUVORK5CYII=");
    /** One pixel on a logical screen of 65535x65535, which browsers allocate. */
    private static final byte[] GIF_WIDE_SCREEN = image("R0lGODlh/////4AAAAAAAP///ywAAAAAAQABAAACAkQBADs=");
    private static final byte[] WEBP_LOSSLESS = image("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    private static final byte[] WEBP_LOSSY = image("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    private static final byte[] WEBP_EXTENDED = image("UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==");

    @Test
    public void anImageIsMeasuredByItsHeader() {
        assertEquals(Optional.of(new ImageSize(8, 8)), ImageSize.of(PNG_8X8));
        assertEquals(Optional.of(new ImageSize(100_000, 100_000)), ImageSize.of(PNG_BOMB));
        assertEquals(Optional.of(new ImageSize(65_535, 65_535)), ImageSize.of(GIF_WIDE_SCREEN));
        for (byte[] webp : new byte[][] {WEBP_LOSSLESS, WEBP_LOSSY, WEBP_EXTENDED}) {
            assertEquals(Optional.of(new ImageSize(1, 1)), ImageSize.of(webp));
        }
        assertEquals(Optional.empty(), ImageSize.of(Arrays.copyOf(PNG_8X8, 20)));
        assertEquals(Optional.empty(), ImageSize.of("not an image".getBytes()));
    }

    @Test
    public void imagesWithTooManyPixelsAreRefusedWith413() {
        for (byte[] bomb : new byte[][] {PNG_BOMB, GIF_WIDE_SCREEN}) {
            String type = ListingImages.sniff(bomb).orElseThrow();
            assertEquals(413, status(() -> ListingImages.payload(LISTING, type, bomb)));
            assertTrue(ListingImages.problem(peer(type, bomb)).orElseThrow().startsWith("data: at most 4096 pixels a side"));
        }
    }

    @Test
    public void anImageWhoseHeaderCannotBeReadIsRefusedWith415() {
        byte[] truncated = Arrays.copyOf(PNG_8X8, 20);
        assertEquals(415, status(() -> ListingImages.payload(LISTING, "image/png", truncated)));
        assertTrue(ListingImages.problem(peer("image/png", truncated)).isPresent());
    }

    @Test
    public void smallImagesAreAcceptedFromUsersAndPeers() {
        assertEquals("image/png", ListingImages.payload(LISTING, "image/png; q=1", PNG_8X8).get("contentType"));
        assertEquals(Optional.empty(), ListingImages.problem(peer("image/webp", WEBP_EXTENDED)));
    }

    private static Map<String, Object> peer(String type, byte[] image) {
        return Map.of("listing", LISTING, "contentType", type, "data", Base64.getEncoder().encodeToString(image));
    }

    private static int status(org.junit.function.ThrowingRunnable upload) {
        return assertThrows(WebApplicationException.class, upload).getResponse().getStatus();
    }

    private static byte[] image(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
