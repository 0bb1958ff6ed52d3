package org.dump.testkit;

import java.util.Objects;
import java.util.Optional;

import org.dump.api.author.ActingUser;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;

/**
 * The acting user of a unit test: nobody until {@link #signIn}, then that pseudonym until {@link #signOut}. One per
 * test, shared by the module's code and an {@link InMemoryRecordStore}, as the node shares one per module bundle.
 * Thread-safe; who is acting is the same on every thread (on a node it belongs to the request being served).
 */
public final class TestActingUser implements ActingUser {

    private volatile AuthorReference author;

    /**
     * Makes {@code pseudonym} the acting user.
     *
     * @param pseudonym 1 to 64 lower-case base32 characters (a–z, 2–7), as the node's pseudonyms are
     * @return the pseudonym as an author reference, to compare with records' authors
     * @throws IllegalArgumentException if it is not of that form
     */
    public AuthorReference signIn(String pseudonym) {
        AuthorReference reference = new AuthorReference(pseudonym);
        author = reference;
        return reference;
    }

    /** Nobody acts from now on, as on a background thread or in an anonymous request. */
    public void signOut() {
        author = null;
    }

    @Override
    public Optional<AuthorReference> author() {
        return Optional.ofNullable(author);
    }

    @Override
    public boolean isAuthorOf(ModuleRecord record) {
        AuthorReference acting = author;
        return acting != null && Objects.equals(acting, record.author());
    }
}
