package org.dump.market;

import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.ws.rs.BadRequestException;

/**
 * The payload of a listing record, made of what a user sends and checked by {@link ListingRules}. Records are the
 * market's data format (data version 1.0.0): other nodes running the market read the same fields.
 */
final class ListingFields {

    static final String TYPE = "listing";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String PRICE = "price";
    static final String CURRENCY = "currency";
    /** Id of the listing-image record, if the listing has an image. */
    static final String IMAGE = "image";

    private ListingFields() {
    }

    /**
     * @return the payload of a listing made of {@code input}, with the image of {@code imageId} (may be null)
     * @throws BadRequestException naming the field that is wrong
     */
    static Map<String, Object> payload(ListingInput input, String imageId) {
        if (input == null) {
            throw new BadRequestException("send the listing as a JSON object with title, description, price and currency");
        }
        Map<String, Object> payload = new HashMap<>();
        payload.put(TITLE, input.title == null ? "" : input.title.strip());
        payload.put(DESCRIPTION, input.description == null ? "" : input.description.strip());
        if (input.price != null) {
            payload.put(PRICE, input.price);
        }
        payload.put(CURRENCY, input.currency == null ? "" : input.currency.strip().toUpperCase(Locale.ROOT));
        if (imageId != null) {
            payload.put(IMAGE, imageId);
        }
        ListingRules.listingProblem(payload).ifPresent(problem -> {
            throw new BadRequestException(problem);
        });
        payload.put(PRICE, input.price.setScale(2, RoundingMode.UNNECESSARY));
        return payload;
    }
}
