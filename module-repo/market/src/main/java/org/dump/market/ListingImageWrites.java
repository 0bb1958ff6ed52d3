package org.dump.market;

import java.util.HashMap;
import java.util.Map;

import org.dump.api.author.ActingUser;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordStore;

/**
 * The writes that give a listing its image, or delete a listing with its image. They take several records, and the
 * record store writes one record at a time, so the writes are ordered such that any one of them failing leaves no
 * image record that no listing names:
 * <ul>
 * <li>a new image: the new image is stored, the old one deleted, then the listing names the new one; when the
 * deletion or the naming fails, the new image is deleted again. A failed naming leaves the listing without an image
 * (it names one that is gone), never an image without a listing;</li>
 * <li>a deleted listing: its image goes first, then the listing.</li>
 * </ul>
 * Only a second failure (of the deletion that undoes the new image) or a crash between two writes can leave an image
 * record behind: API 1.0 has no write of several records at once.
 */
final class ListingImageWrites {

    private final RecordStore store;
    private final ActingUser acting;

    ListingImageWrites(RecordStore store, ActingUser acting) {
        this.store = store;
        this.acting = acting;
    }

    /**
     * Gives {@code listing} the image of {@code imagePayload} (checked by {@link ListingImages#payload}).
     *
     * @return the listing as it is now
     * @throws NotAuthorException if the acting user did not write the listing
     */
    ModuleRecord attach(ModuleRecord listing, Map<String, Object> imagePayload) {
        requireAuthor(listing, "change its image");
        ModuleRecord image = store.create(ListingImages.TYPE, imagePayload);
        try {
            listing.text(ListingFields.IMAGE).ifPresent(this::deleteIfThere);
            Map<String, Object> payload = new HashMap<>(listing.payload());
            payload.put(ListingFields.IMAGE, image.id());
            return store.update(listing.id(), payload);
        } catch (RuntimeException failed) {
            try {
                store.delete(image.id());
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }

    /**
     * Deletes {@code listing} and its image.
     *
     * @throws NotAuthorException if the acting user did not write the listing
     */
    void delete(ModuleRecord listing) {
        requireAuthor(listing, "delete it");
        listing.text(ListingFields.IMAGE).ifPresent(this::deleteIfThere);
        store.delete(listing.id());
    }

    /** An image already gone (a failed naming before) is no reason to stop. */
    private void deleteIfThere(String imageId) {
        if (store.get(imageId).isPresent()) {
            store.delete(imageId);
        }
    }

    private void requireAuthor(ModuleRecord listing, String what) {
        if (!acting.isAuthorOf(listing)) {
            throw new NotAuthorException("only the author of listing " + listing.id() + " may " + what);
        }
    }
}
