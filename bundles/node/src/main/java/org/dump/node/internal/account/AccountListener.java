package org.dump.node.internal.account;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told after a profile changed or an account was removed, once the change is committed: how grants of a profile
 * to other nodes follow it (and end with the account). Registered as an OSGi service within the node bundle.
 * Called on the thread that made the change, so it must be quick; a listener that fails never undoes the change.
 */
public interface AccountListener {

    /** {@code username}'s profile text or avatar changed. */
    void profileChanged(String username);

    /** {@code username}'s account is gone, with its profile. */
    void accountRemoved(String username);

    /** Tells every listener, logging (not throwing) what one of them throws. */
    static void tell(List<AccountListener> listeners, Consumer<AccountListener> event) {
        for (AccountListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AccountListener.class).warn("An account listener failed", e);
            }
        }
    }
}
