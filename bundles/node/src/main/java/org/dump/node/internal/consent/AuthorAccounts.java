package org.dump.node.internal.consent;

import java.util.List;
import java.util.Optional;

import org.dump.api.record.AuthorReference;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.internal.author.AuthorPseudonyms;

/**
 * Finds the account behind an author pseudonym, which only this node can do: it computes the pseudonym of each of
 * its accounts in the module until one matches. No table of pseudonyms is kept, so nothing stored links a
 * pseudonym to a name; a node with many accounts pays some microseconds per account and request.
 */
final class AuthorAccounts {

    private static final int PAGE = 500;

    private final AccountService accounts;
    private final AuthorPseudonyms pseudonyms;

    AuthorAccounts(AccountService accounts, AuthorPseudonyms pseudonyms) {
        this.accounts = accounts;
        this.pseudonyms = pseudonyms;
    }

    /** @return the account of this node whose pseudonym in {@code module} is {@code pseudonym} */
    Optional<Account> find(String module, String pseudonym) {
        AuthorReference wanted = new AuthorReference(pseudonym);
        for (int offset = 0;; offset += PAGE) {
            List<Account> page = accounts.list(offset, PAGE);
            for (Account account : page) {
                if (pseudonyms.of(module, account).equals(wanted)) {
                    return Optional.of(account);
                }
            }
            if (page.size() < PAGE) {
                return Optional.empty();
            }
        }
    }
}
