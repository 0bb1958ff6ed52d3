package org.dump.api.author;

import java.util.Optional;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The signed-in user of the request being served, as the calling module may know them. The node registers one
 * instance per module bundle (bundle scope), so each module sees its own pseudonyms only. Outside a request of a
 * signed-in user (a background thread, an anonymous request) nobody is acting.
 */
@ProviderType
public interface ActingUser {

    /** @return the acting user's pseudonym in this module, or empty if nobody is signed in */
    Optional<AuthorReference> author();

    /** @return whether a user is signed in for the current request */
    default boolean isSignedIn() {
        return author().isPresent();
    }

    /** @return whether the acting user wrote {@code record}; false when nobody is acting */
    boolean isAuthorOf(ModuleRecord record);
}
