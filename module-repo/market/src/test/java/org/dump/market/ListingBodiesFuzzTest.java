package org.dump.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;

import org.dump.api.record.ModuleRecord;
import org.dump.web.internal.http.ErrorMapper;
import org.dump.web.internal.http.JsonProvider;
import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Fuzzes the JSON body of the market's listings, {@code POST /api/modules/market/listings} and {@code PUT
 * .../listings/{id}} (Jazzer; issue 27): read by the node's own {@link JsonProvider}, as the node reads every
 * module's bodies, then handed to {@link ListingResource} on {@link InMemoryMarket}. The first byte picks create or
 * update, the rest is the body. Without {@code JAZZER_FUZZ} it runs the committed seeds
 * (ListingBodiesFuzzTestInputs/); CI fuzzes it for 4 s, {@code benchmarks/fuzz/run.sh} as long as it is told. For
 * every input: the body is read or refused with a Jackson error, which the node answers with 400; what was read is
 * stored as a listing within {@link ListingRules}, or refused with a 400 as the node answers the resource's
 * exception ({@link ErrorMapper}), no other exception, and then the records are as they were; each input is done
 * within a second. The tests below it hold the bounds that a fuzzer's short inputs do not reach.
 */
public class ListingBodiesFuzzTest {

    private static final JsonProvider JSON = new JsonProvider();
    private static final InMemoryMarket MARKET = new InMemoryMarket();
    private static final String LISTING = ((Listing) MARKET.resource.create(read(
            "{\"title\":\"Socks\",\"price\":1,\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8))).getEntity()).id;

    @FuzzTest(maxDuration = "4s")
    void aBodyIsAListingWithinTheRulesOrA400(byte[] input) {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        check(input);
    }

    @Test
    void deepNestingIsA400() {
        String deep = "{\"title\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertEquals(400, status(deep.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aStringAboveTheReadersLimitIsA400() {
        byte[] longTitle = ("{\"title\":\"" + "x".repeat((1 << 20) + 1) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(400, status(longTitle));
        assertTrue(assertThrows(JsonProcessingException.class, () -> JSON.readFrom(type(), ListingInput.class,
                new Annotation[0], MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(),
                new ByteArrayInputStream(longTitle))).getMessage().contains("exceeds the maximum"));
    }

    @Test
    void aTitleAboveTheRulesLimitIsA400() {
        String title = "t".repeat(ListingRules.MAX_TITLE + 1);
        byte[] body = ("{\"title\":\"" + title + "\",\"price\":1,\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(400, status(body));
        assertEquals(400, status(Arrays.copyOf(body, body.length - 1)));
    }

    private static int status(byte[] json) {
        InMemoryMarket.Saved before = MARKET.save();
        try {
            MARKET.resource.create(read(json));
            return 201;
        } catch (RuntimeException refused) {
            assertEquals(before, MARKET.save());
            return new ErrorMapper().toResponse(refused instanceof JsonRefused j ? j.json : refused).getStatus();
        }
    }

    private static void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean create = (input[0] & 1) == 0;
        byte[] json = Arrays.copyOfRange(input, 1, input.length);
        InMemoryMarket.Saved before = MARKET.save();
        long began = System.nanoTime();
        ListingInput body;
        Listing listing;
        try {
            body = read(json);
            listing = create ? (Listing) MARKET.resource.create(body).getEntity() : MARKET.resource.update(LISTING, body);
        } catch (RuntimeException refused) {
            int status = new ErrorMapper().toResponse(refused instanceof JsonRefused j ? j.json : refused).getStatus();
            assertEquals(400, status, refused.toString());
            assertEquals(before, MARKET.save(), "a refused body changed the records");
            assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + json.length + " bytes");
            return;
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + json.length + " bytes");
        ModuleRecord stored = MARKET.get(listing.id).orElseThrow();
        String title = stored.text(ListingFields.TITLE).orElseThrow();
        assertEquals(body.title.strip(), title);
        assertTrue(!title.isBlank() && title.length() <= ListingRules.MAX_TITLE);
        assertTrue(stored.text(ListingFields.DESCRIPTION).orElseThrow().length() <= ListingRules.MAX_DESCRIPTION);
        BigDecimal price = (BigDecimal) stored.number(ListingFields.PRICE).orElseThrow();
        assertTrue(price.signum() >= 0 && price.compareTo(ListingRules.MAX_PRICE) <= 0 && price.scale() == 2, price::toString);
        assertEquals(0, price.compareTo(body.price));
        String currency = stored.text(ListingFields.CURRENCY).orElseThrow();
        assertTrue(currency.matches("[A-Z]{3}") && currency.equals(body.currency.strip().toUpperCase(Locale.ROOT)));
        assertEquals(title, listing.title);
        MARKET.restore(before);
    }

    /** A body the node's JSON reader refused: the node answers that exception, which a resource never sees. */
    private static final class JsonRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final JsonProcessingException json;

        JsonRefused(JsonProcessingException json) {
            super(json);
            this.json = json;
        }
    }

    /** @throws JsonRefused if the node's JSON reader refuses the body; any other failure fails the test */
    private static ListingInput read(byte[] json) {
        try {
            return (ListingInput) JSON.readFrom(type(), ListingInput.class, new Annotation[0],
                    MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), new ByteArrayInputStream(json));
        } catch (JsonProcessingException refused) {
            throw new JsonRefused(refused);
        } catch (IOException e) {
            throw new AssertionError("the JSON reader failed otherwise than on JSON", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Object> type() {
        return (Class) ListingInput.class;
    }
}
