package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.node.account.AccountService;

/** {@code dump:user-remove}: removes an account with its profile and avatar. */
@Service
@Command(scope = "dump", name = "user-remove", description = "Removes an account with its profile and avatar.")
public class UserRemoveCommand implements Action {

    @Argument(index = 0, name = "username", required = true, description = "The account to remove")
    @Completion(UsernameCompleter.class)
    String username;

    @Reference
    AccountService accounts;

    @Override
    public Object execute() {
        if (!accounts.remove(username)) {
            throw new IllegalArgumentException("no account named '" + username + "'");
        }
        System.out.println("Removed account '" + username + "' with its profile.");
        return null;
    }
}
