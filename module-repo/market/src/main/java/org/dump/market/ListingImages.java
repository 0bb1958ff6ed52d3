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
 * image bytes. An image is accepted only if its bytes are what its content type says, with a header that gives its
 * size and at most {@link #MAX_SIDE} pixels a side (read from the header: a decompression bomb is refused without
 * being decoded, and never reaches the browsers that show listings), and served only as the type its bytes are: an
 * image record from another node that says {@code text/html} is refused before it is stored ({@link ListingRules}),
 * and even one stored before that rule is never served as anything but an image.
 */
final class ListingImages {

    static final String TYPE = "listing-image";
    static final int MAX_BYTES = 256 * 1024;
    /** The widest and tallest image, in pixels. */
    static final int MAX_SIDE = 4096;

    /** The id of the listing the image belongs to. */
    static final String LISTING = "listing";
    private static final String CONTENT_TYPE = "contentType";
    private static final String DATA = "data";

    private ListingImages() {
    }

    /**
     * @return the payload of an image record for {@code listingId}
     * @throws WebApplicationException 413 if too large (bytes, or pixels a side), 415 if not a PNG, JPEG, GIF or WebP
     *                                 image of that type whose header gives its size
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
        if (!sniff(bytes).filter(type::equals).isPresent()) {
            throw new WebApplicationException("image: send a PNG, JPEG, GIF or WebP image with its Content-Type",
                    Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        Optional<String> size = sizeProblem("image", bytes);
        if (size.isPresent()) {
            throw new WebApplicationException(size.get(), ImageSize.of(bytes).isEmpty()
                    ? Response.Status.UNSUPPORTED_MEDIA_TYPE : Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        return Map.of(LISTING, listingId, CONTENT_TYPE, type, DATA, Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * @return what is wrong with the payload of an image record, from this node or another, or empty if nothing
     *         is: it names its listing, and its data decodes to at most {@link #MAX_BYTES} bytes of the image type
     *         it names, at most {@link #MAX_SIDE} pixels a side
     */
    static Optional<String> problem(Map<String, Object> payload) {
        if (!(payload.get(LISTING) instanceof String)) {
            return Optional.of("listing: the id of the listing the image belongs to");
        }
        if (!(payload.get(DATA) instanceof String data) || data.length() > (MAX_BYTES + 2) / 3 * 4) {
            return Optional.of("data: an image of at most " + MAX_BYTES / 1024 + " KiB in base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return Optional.of("data: not base64");
        }
        Optional<String> sniffed = sniff(bytes);
        if (sniffed.isEmpty() || !sniffed.get().equals(payload.get(CONTENT_TYPE))) {
            return Optional.of("contentType: a PNG, JPEG, GIF or WebP image whose bytes are of that type");
        }
        return sizeProblem(DATA, bytes);
    }

    /** @return what is wrong with the size of an image of a known type: none can be read, or too many pixels */
    private static Optional<String> sizeProblem(String field, byte[] bytes) {
        Optional<ImageSize> size = ImageSize.of(bytes);
        if (size.isEmpty()) {
            return Optional.of(field + ": an image whose header says how large it is");
        }
        if (size.get().width() > MAX_SIDE || size.get().height() > MAX_SIDE) {
            return Optional.of(field + ": at most " + MAX_SIDE + " pixels a side, not " + size.get().width() + "x"
                    + size.get().height());
        }
        return Optional.empty();
    }

    static byte[] bytes(ModuleRecord image) {
        try {
            return Base64.getDecoder().decode(image.text(DATA).orElse(""));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** @return the image type that {@code bytes} begin with: PNG, JPEG, GIF or WebP, else empty */
    static Optional<String> sniff(byte[] b) {
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Optional.of("image/png");
        }
        if (startsWith(b, 0xff, 0xd8, 0xff)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (startsWith(b, 'R', 'I', 'F', 'F') && b.length > 12
                && Arrays.equals(Arrays.copyOfRange(b, 8, 12), new byte[] {'W', 'E', 'B', 'P'})) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
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
