package org.dump.market;

import java.math.BigDecimal;

import org.dump.api.author.ActingUser;
import org.dump.api.record.ModuleRecord;

/**
 * A listing as the market's REST resource shows it. It says whether the caller wrote it, and nothing about who did:
 * the seller's profile stays on their home node.
 */
public final class Listing {

    public String id;
    public String title;
    public String description;
    public BigDecimal price;
    public String currency;
    /** Where the image is, or null if the listing has none. */
    public String image;
    public String created;
    public String updated;
    /** Whether the caller wrote this listing, and so may change it. */
    public boolean mine;

    static Listing of(ModuleRecord record, ActingUser acting) {
        Listing listing = new Listing();
        listing.id = record.id();
        listing.title = record.text(ListingFields.TITLE).orElse("");
        listing.description = record.text(ListingFields.DESCRIPTION).orElse("");
        listing.price = record.number(ListingFields.PRICE).map(n -> new BigDecimal(n.toString())).orElse(null);
        listing.currency = record.text(ListingFields.CURRENCY).orElse("");
        listing.image = record.text(ListingFields.IMAGE).map(i -> "listings/" + record.id() + "/image").orElse(null);
        listing.created = record.created().toString();
        listing.updated = record.updated().toString();
        listing.mine = acting.isAuthorOf(record);
        return listing;
    }
}
