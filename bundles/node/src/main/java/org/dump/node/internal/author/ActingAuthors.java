package org.dump.node.internal.author;

import java.util.Optional;

import org.dump.api.record.AuthorReference;
import org.dump.node.author.ActingAccounts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The acting account of the current thread, as the pseudonym one module knows it by. */
@Component(service = ActingAuthors.class)
public final class ActingAuthors {

    private final ActingAccounts accounts;
    private final AuthorPseudonyms pseudonyms;

    @Activate
    public ActingAuthors(@Reference ActingAccounts accounts, @Reference AuthorPseudonyms pseudonyms) {
        this.accounts = accounts;
        this.pseudonyms = pseudonyms;
    }

    /** @return the pseudonym in {@code module} of whoever the current thread acts for */
    public Optional<AuthorReference> acting(String module) {
        return accounts.current().map(account -> pseudonyms.of(module, account));
    }
}
