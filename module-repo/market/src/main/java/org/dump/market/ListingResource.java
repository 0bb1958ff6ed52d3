package org.dump.market;

import java.math.BigDecimal;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.dump.api.author.ActingUser;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordStore;
import org.dump.api.web.ModuleResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The market's REST resource, served by the node at {@code /api/modules/market/listings}. Everything needs a
 * signed-in user; only a listing's author may change or delete it (the record store enforces that too).
 */
@Component(service = ModuleResource.class)
@Path("listings")
@Produces(MediaType.APPLICATION_JSON)
public final class ListingResource implements ModuleResource {

    /** One page of listings. */
    public static final class ListingList {
        public java.util.List<Listing> listings;
        public int offset;
        public boolean more;
    }

    /** The longest search text: longer than any title, far shorter than the store's limit. */
    static final int MAX_QUERY = 200;

    private final RecordStore store;
    private final ActingUser acting;
    private final ListingImageWrites imageWrites;

    @Activate
    public ListingResource(@Reference RecordStore store, @Reference ActingUser acting) {
        this.store = store;
        this.acting = acting;
        this.imageWrites = new ListingImageWrites(store, acting);
    }

    /**
     * @param text  words to look for in title and description
     * @param sort  {@code newest} (default), {@code price} (cheapest first) or {@code price-desc}
     */
    @GET
    public ListingList search(@QueryParam("q") String text, @QueryParam("minPrice") BigDecimal minPrice,
            @QueryParam("maxPrice") BigDecimal maxPrice, @QueryParam("currency") String currency,
            @QueryParam("sort") @DefaultValue("newest") String sort, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        requireSignedIn();
        if (offset < 0 || limit < 1 || limit > 100) {
            throw new BadRequestException("offset is 0 or more and limit 1 to 100");
        }
        RecordQuery query = RecordQuery.ofType(ListingFields.TYPE).page(offset, limit).orderBy(switch (sort) {
            case "newest" -> RecordQuery.Order.newestFirst();
            case "price" -> RecordQuery.Order.byNumber(ListingFields.PRICE, false);
            case "price-desc" -> RecordQuery.Order.byNumber(ListingFields.PRICE, true);
            default -> throw new BadRequestException("sort: newest, price or price-desc");
        });
        if (text != null && text.strip().length() > MAX_QUERY) {
            throw new BadRequestException("q is at most " + MAX_QUERY + " characters");
        }
        if (text != null && !text.isBlank()) {
            query = query.where(RecordFilter.textContains(text.strip(), ListingFields.TITLE, ListingFields.DESCRIPTION));
        }
        requirePrice("minPrice", minPrice);
        requirePrice("maxPrice", maxPrice);
        if (minPrice != null || maxPrice != null) {
            if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
                throw new BadRequestException("minPrice is above maxPrice");
            }
            query = query.where(RecordFilter.numberBetween(ListingFields.PRICE, minPrice, maxPrice));
        }
        if (currency != null && !currency.isBlank()) {
            query = query.where(RecordFilter.textEquals(ListingFields.CURRENCY, currency.strip()));
        }
        RecordPage page = store.query(query);
        ListingList list = new ListingList();
        list.listings = page.records().stream().map(r -> Listing.of(r, acting)).toList();
        list.offset = page.offset();
        list.more = page.hasMore();
        return list;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ListingInput input) {
        requireSignedIn();
        ModuleRecord created = store.create(ListingFields.TYPE, ListingFields.payload(input, null));
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "listings/" + created.id())
                .entity(Listing.of(created, acting)).build();
    }

    @GET
    @Path("{id}")
    public Listing get(@PathParam("id") String id) {
        requireSignedIn();
        return Listing.of(listing(id), acting);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Listing update(@PathParam("id") String id, ListingInput input) {
        requireSignedIn();
        ModuleRecord current = listing(id);
        return Listing.of(store.update(id, ListingFields.payload(input, current.text(ListingFields.IMAGE).orElse(null))),
                acting);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        requireSignedIn();
        imageWrites.delete(listing(id));
        return Response.noContent().build();
    }

    /** Sets the listing's image: the body is the image, its Content-Type one of PNG, JPEG, GIF or WebP. */
    @PUT
    @Path("{id}/image")
    @Consumes("image/*")
    public Listing putImage(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] image) {
        requireSignedIn();
        ModuleRecord current = listing(id);
        if (!acting.isAuthorOf(current)) {
            throw new NotAuthorException("only the author of listing " + id + " may change its image");
        }
        return Listing.of(imageWrites.attach(current, ListingImages.payload(id, type, image)), acting);
    }

    @GET
    @Path("{id}/image")
    @Produces("image/*")
    public Response image(@PathParam("id") String id) {
        requireSignedIn();
        ModuleRecord image = listing(id).text(ListingFields.IMAGE).flatMap(store::get)
                .orElseThrow(() -> new NotFoundException("listing " + id + " has no image"));
        byte[] bytes = ListingImages.bytes(image);
        // Served as the image type its bytes are, whatever the record says: never as HTML or script.
        String type = ListingImages.sniff(bytes)
                .orElseThrow(() -> new NotFoundException("listing " + id + " has no image that can be shown"));
        return Response.ok(bytes, type).header("Cache-Control", "private, max-age=60")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private ModuleRecord listing(String id) {
        return store.get(id).filter(r -> ListingFields.TYPE.equals(r.type()))
                .orElseThrow(() -> new NotFoundException("there is no listing " + id));
    }

    /** A bound beyond any price (1e999999999) would reach the database as infinity. */
    private static void requirePrice(String name, BigDecimal bound) {
        if (bound != null && bound.abs().compareTo(ListingRules.MAX_PRICE) > 0) {
            throw new BadRequestException(name + ": a price from 0 to " + ListingRules.MAX_PRICE.toPlainString());
        }
    }

    private void requireSignedIn() {
        if (!acting.isSignedIn()) {
            throw new NotAuthorizedException("sign in to use the market", "Basic realm=\"dump\"");
        }
    }
}
