package org.dump.market;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.ws.rs.BadRequestException;

/**
 * The payload of a listing record and the rules its fields follow. Records are the market's data format (data
 * version 1.0.0): other nodes running the market read the same fields.
 */
final class ListingFields {

    static final String TYPE = "listing";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String PRICE = "price";
    static final String CURRENCY = "currency";
    /** Id of the listing-image record, if the listing has an image. */
    static final String IMAGE = "image";

    static final int MAX_TITLE = 120;
    static final int MAX_DESCRIPTION = 4000;
    static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

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
        String title = input.title == null ? "" : input.title.strip();
        if (title.isEmpty()) {
            throw new BadRequestException("title: a listing needs a title");
        }
        if (title.length() > MAX_TITLE) {
            throw new BadRequestException("title: at most " + MAX_TITLE + " characters");
        }
        String description = input.description == null ? "" : input.description.strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new BadRequestException("description: at most " + MAX_DESCRIPTION + " characters");
        }
        if (input.price == null) {
            throw new BadRequestException("price: a listing needs a price (0 to give something away)");
        }
        if (input.price.signum() < 0) {
            throw new BadRequestException("price: a price cannot be negative");
        }
        if (input.price.compareTo(MAX_PRICE) > 0) {
            throw new BadRequestException("price: at most " + MAX_PRICE.toPlainString());
        }
        if (input.price.stripTrailingZeros().scale() > 2) {
            throw new BadRequestException("price: at most two decimal places");
        }
        String currency = input.currency == null ? "" : input.currency.strip().toUpperCase(Locale.ROOT);
        if (!CURRENCY_CODE.matcher(currency).matches()) {
            throw new BadRequestException("currency: a three-letter ISO 4217 code such as EUR or USD");
        }
        Map<String, Object> payload = new HashMap<>();
        payload.put(TITLE, title);
        payload.put(DESCRIPTION, description);
        payload.put(PRICE, input.price.setScale(2, java.math.RoundingMode.UNNECESSARY));
        payload.put(CURRENCY, currency);
        if (imageId != null) {
            payload.put(IMAGE, imageId);
        }
        return payload;
    }
}
