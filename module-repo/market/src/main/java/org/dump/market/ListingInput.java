package org.dump.market;

import java.math.BigDecimal;

/** What a seller sends to create or edit a listing. */
public final class ListingInput {

    public String title;
    public String description;
    public BigDecimal price;
    public String currency;
}
