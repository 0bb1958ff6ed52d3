package org.dump.node.author;

import java.util.Optional;

import org.dump.node.account.Account;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The account on whose behalf the current thread works. The web bundle opens a scope for every request of a
 * signed-in user and closes it when the request is answered; code running outside a scope acts for nobody.
 */
@ProviderType
public interface ActingAccounts {

    /** A scope of acting; close it in a finally block (try-with-resources). */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** @return a scope in which the current thread acts for {@code account}, replacing any previous one */
    Scope actAs(Account account);

    /** @return the account the current thread acts for */
    Optional<Account> current();
}
