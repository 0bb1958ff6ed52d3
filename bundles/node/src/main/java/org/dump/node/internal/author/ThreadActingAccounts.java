package org.dump.node.internal.author;

import java.util.Optional;

import org.dump.node.account.Account;
import org.dump.node.author.ActingAccounts;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps the acting account per thread. HTTP requests are served on one thread from filter to resource, so a
 * thread-local is enough; the scope puts back what was there before, so scopes may nest.
 */
@Component(service = ActingAccounts.class)
public final class ThreadActingAccounts implements ActingAccounts {

    private final ThreadLocal<Account> acting = new ThreadLocal<>();

    @Override
    public Scope actAs(Account account) {
        Account previous = acting.get();
        acting.set(account);
        return () -> {
            if (previous == null) {
                acting.remove();
            } else {
                acting.set(previous);
            }
        };
    }

    @Override
    public Optional<Account> current() {
        return Optional.ofNullable(acting.get());
    }
}
