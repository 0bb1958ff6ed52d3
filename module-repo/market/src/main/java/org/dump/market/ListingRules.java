package org.dump.market;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.RecordValidator;
import org.osgi.service.component.annotations.Component;

/**
 * The market's rules for its records, the same for a listing written here and for one that arrives from another
 * node: the node runs them on every record of the market before it stores it. {@link ListingFields} and
 * {@link ListingImages} apply them to what users send, with answers that name the field.
 */
@Component(property = RecordValidator.MODULE + "=market")
public final class ListingRules implements RecordValidator {

    static final int MAX_TITLE = 120;
    static final int MAX_DESCRIPTION = 4000;
    static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern RECORD_ID = Pattern.compile("[a-z2-7]{26}");

    @Override
    public void validate(String type, Map<String, Object> payload) {
        Optional<String> problem = switch (type) {
            case ListingFields.TYPE -> listingProblem(payload);
            case ListingImages.TYPE -> ListingImages.problem(payload);
            default -> Optional.of("the market keeps no records of type " + type);
        };
        if (problem.isPresent()) {
            throw new InvalidRecordException(problem.get());
        }
    }

    /** @return what is wrong with a listing's payload, naming the field, or empty if nothing is */
    static Optional<String> listingProblem(Map<String, Object> payload) {
        if (!(payload.get(ListingFields.TITLE) instanceof String title) || title.isBlank()) {
            return Optional.of("title: a listing needs a title");
        }
        if (title.length() > MAX_TITLE) {
            return Optional.of("title: at most " + MAX_TITLE + " characters");
        }
        Object description = payload.getOrDefault(ListingFields.DESCRIPTION, "");
        if (!(description instanceof String text)) {
            return Optional.of("description: text");
        }
        if (text.length() > MAX_DESCRIPTION) {
            return Optional.of("description: at most " + MAX_DESCRIPTION + " characters");
        }
        Optional<String> price = priceProblem(payload.get(ListingFields.PRICE));
        if (price.isPresent()) {
            return price;
        }
        if (!(payload.get(ListingFields.CURRENCY) instanceof String currency)
                || !CURRENCY_CODE.matcher(currency).matches()) {
            return Optional.of("currency: a three-letter ISO 4217 code such as EUR or USD");
        }
        Object image = payload.get(ListingFields.IMAGE);
        if (image != null && !(image instanceof String id && RECORD_ID.matcher(id).matches())) {
            return Optional.of("image: the id of the listing's image");
        }
        return Optional.empty();
    }

    private static Optional<String> priceProblem(Object value) {
        if (!(value instanceof Number number)) {
            return Optional.of("price: a listing needs a price (0 to give something away)");
        }
        BigDecimal price = new BigDecimal(number.toString());
        if (price.signum() < 0) {
            return Optional.of("price: a price cannot be negative");
        }
        if (price.compareTo(MAX_PRICE) > 0) {
            return Optional.of("price: at most " + MAX_PRICE.toPlainString());
        }
        if (price.stripTrailingZeros().scale() > 2) {
            return Optional.of("price: at most two decimal places");
        }
        return Optional.empty();
    }
}
