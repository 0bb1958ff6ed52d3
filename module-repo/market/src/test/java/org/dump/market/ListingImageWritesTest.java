package org.dump.market;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.ws.rs.NotFoundException;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordQuery;
import org.junit.Test;

/**
 * A listing's image takes several record writes; whichever one of them fails, no image record is left that no
 * listing names.
 */
public class ListingImageWritesTest {

    private static final byte[] PNG_8X8 = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAADUlEQVR4XmP4zzAsAADHAQEApAoVkAAAAABJRU5ErkJggg==");

    private final InMemoryMarket market = new InMemoryMarket();
    private final ListingResource resource = market.resource;

    @Test
    public void aNewImageReplacesTheOldOneAndOnlyItStays() {
        String id = listing("Socks");
        resource.putImage(id, "image/png", PNG_8X8);
        Listing second = resource.putImage(id, "image/png", PNG_8X8);
        List<ModuleRecord> images = imagesOf(id);
        assertEquals(1, images.size());
        assertEquals(images.get(0).id(), market.get(id).orElseThrow().text(ListingFields.IMAGE).orElseThrow());
        assertEquals("listings/" + id + "/image", second.image);
    }

    @Test
    public void whenTheListingCannotNameTheNewImageNeitherImageStays() {
        String id = listing("Socks");
        resource.putImage(id, "image/png", PNG_8X8);
        String before = market.get(id).orElseThrow().text(ListingFields.IMAGE).orElseThrow();
        IllegalStateException down = new IllegalStateException("the database is unavailable");
        market.failing = (write, record) -> {
            if (write.equals("update")) {
                throw down;
            }
        };
        assertSame(down, assertThrows(IllegalStateException.class, () -> resource.putImage(id, "image/png", PNG_8X8)));
        assertEquals(List.of(), imagesOf(id));
        // The listing names its old image, which is gone: it is shown without one.
        assertEquals(before, market.get(id).orElseThrow().text(ListingFields.IMAGE).orElseThrow());
        assertEquals(404, assertThrows(NotFoundException.class, () -> resource.image(id)).getResponse().getStatus());
        market.failing = (write, record) -> {
        };
        resource.putImage(id, "image/png", PNG_8X8);
        assertEquals(1, imagesOf(id).size());
    }

    @Test
    public void whenTheOldImageCannotBeDeletedNothingChanges() {
        String id = listing("Socks");
        resource.putImage(id, "image/png", PNG_8X8);
        InMemoryMarket.Saved before = market.save();
        String old = market.get(id).orElseThrow().text(ListingFields.IMAGE).orElseThrow();
        market.failing = (write, record) -> {
            if (write.equals("delete") && record.equals(old)) {
                throw new IllegalStateException("the database is unavailable");
            }
        };
        assertThrows(IllegalStateException.class, () -> resource.putImage(id, "image/png", PNG_8X8));
        assertEquals(before.records(), market.save().records());
    }

    @Test
    public void aListingIsDeletedAfterItsImagesSoAFailureLeavesNoImageWithoutItsListing() {
        String id = listing("Socks");
        resource.putImage(id, "image/png", PNG_8X8);
        market.failing = (write, record) -> {
            if (write.equals("delete") && record.equals(id)) {
                throw new IllegalStateException("the database is unavailable");
            }
        };
        assertThrows(IllegalStateException.class, () -> resource.delete(id));
        assertTrue("the listing stays", market.get(id).isPresent());
        assertEquals(List.of(), imagesOf(id));
        assertEquals(404, assertThrows(NotFoundException.class, () -> resource.image(id)).getResponse()
                .getStatus());
    }

    @Test
    public void onlyTheAuthorChangesAListingsImagesAndNothingIsWrittenOtherwise() {
        ModuleRecord theirs = market.store(new ModuleRecord("market", ListingFields.TYPE, "t".repeat(26), "this-node",
                1, new AuthorReference("someoneelse"), Instant.EPOCH, Instant.EPOCH, "1.0.0",
                Map.of(ListingFields.TITLE, "Kettle", ListingFields.DESCRIPTION, "", ListingFields.PRICE,
                        new BigDecimal("7.50"), ListingFields.CURRENCY, "EUR")));
        InMemoryMarket.Saved before = market.save();
        assertThrows(NotAuthorException.class, () -> resource.putImage(theirs.id(), "image/png", PNG_8X8));
        assertThrows(NotAuthorException.class, () -> resource.delete(theirs.id()));
        assertEquals(before.records(), market.save().records());
    }

    private String listing(String title) {
        ListingInput input = new ListingInput();
        input.title = title;
        input.description = "warm";
        input.price = new BigDecimal("7.50");
        input.currency = "EUR";
        return ((Listing) resource.create(input).getEntity()).id;
    }

    private List<ModuleRecord> imagesOf(String listingId) {
        return market.query(RecordQuery.ofType(ListingImages.TYPE).page(0, 100)).records().stream()
                .filter(image -> image.text(ListingImages.LISTING).orElse("").equals(listingId)).toList();
    }
}
