package org.dump.market;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;

import org.dump.api.record.ModuleRecord;

/**
 * Listing images, kept as records of their own (type {@code listing-image}) so that listing queries never carry
 * image bytes. An image is accepted only if its bytes are what its content type says.
 */
final class ListingImages {

    static final String TYPE = "listing-image";
    static final int MAX_BYTES = 256 * 1024;

    private static final String LISTING = "listing";
    private static final String CONTENT_TYPE = "contentType";
    private static final String DATA = "data";

    private ListingImages() {
    }

    /**
     * @return the payload of an image record for {@code listingId}
     * @throws WebApplicationException 413 if too large, 415 if not a PNG, JPEG, GIF or WebP image of that type
     */
    static Map<String, Object> payload(String listingId, String contentType, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new WebApplicationException("image: at most " + MAX_BYTES / 1024 + " KiB",
                    Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        if (bytes.length == 0) {
            throw new BadRequestException("image: the request has no image in its body");
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        if (!matches(type, bytes)) {
            throw new WebApplicationException("image: send a PNG, JPEG, GIF or WebP image with its Content-Type",
                    Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        return Map.of(LISTING, listingId, CONTENT_TYPE, type, DATA, Base64.getEncoder().encodeToString(bytes));
    }

    static Optional<String> contentType(ModuleRecord image) {
        return image.text(CONTENT_TYPE);
    }

    static byte[] bytes(ModuleRecord image) {
        return Base64.getDecoder().decode(image.text(DATA).orElse(""));
    }

    private static boolean matches(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> startsWith(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
            case "image/jpeg" -> startsWith(b, 0xff, 0xd8, 0xff);
            case "image/gif" -> startsWith(b, 'G', 'I', 'F', '8');
            case "image/webp" -> startsWith(b, 'R', 'I', 'F', 'F') && b.length > 12
                    && Arrays.equals(Arrays.copyOfRange(b, 8, 12), new byte[] {'W', 'E', 'B', 'P'});
            default -> false;
        };
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
