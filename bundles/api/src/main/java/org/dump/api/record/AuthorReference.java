package org.dump.api.record;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user as a module sees them: an opaque pseudonym, the same for one user every time within one module, and
 * unrelated to the same user's pseudonym in any other module. It reveals nothing about the account behind it. A
 * record's author is one ({@link ModuleRecord#author()}), and so is the acting user
 * ({@code org.dump.api.author.ActingUser}); it lives here, with the records, so that the record package needs no other
 * package of the API.
 *
 * @param value the pseudonym, 1 to 64 characters of lower-case base32 (a–z, 2–7)
 */
public record AuthorReference(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z2-7]{1,64}");

    public AuthorReference {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an author reference is 1 to 64 lower-case base32 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
