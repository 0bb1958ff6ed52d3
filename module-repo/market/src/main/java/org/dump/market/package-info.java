/**
 * The market: people list things for sale, with a price and an image, and see the listings of every node that runs
 * the market. Listings are records of type {@code listing}, their images records of type {@code listing-image}
 * (data version 1.0.0, checked by {@link org.dump.market.ListingRules} whichever node wrote them); the REST resource
 * is {@link org.dump.market.ListingResource}, the page {@link org.dump.market.ListingPage}.
 *
 * <p>The declaration below makes the bundle a module: its id, the version of its data, and the text fields the node
 * keeps a full-text index of (a listing's title and description, searched with {@code q}).
 */
@Module(id = "market", dataVersion = "1.0.0", search = {ListingFields.TYPE + "." + ListingFields.TITLE,
        ListingFields.TYPE + "." + ListingFields.DESCRIPTION})
package org.dump.market;

import org.dump.api.module.Module;
