package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;

/** {@code dump:user-list}: the accounts of this node. */
@Service
@Command(scope = "dump", name = "user-list", description = "Lists the accounts of this node in username order.")
public class UserListCommand implements Action {

    @Option(name = "--limit", aliases = "-l", description = "Show at most this many accounts")
    int limit = 1000;

    @Option(name = "--offset", aliases = "-o", description = "Skip this many accounts first")
    int offset = 0;

    @Reference
    AccountService accounts;

    @Reference
    ProfileService profiles;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Username");
        table.column("Roles");
        table.column("Display name");
        table.column("E-mail");
        table.column("Created");
        for (Account account : accounts.list(offset, limit)) {
            Profile profile = profiles.get(account.username());
            table.addRow().addContent(account.username(), Roles.labels(account), profile.displayName(),
                    profile.email() == null ? "" : profile.email(), account.created());
        }
        table.print(System.out);
        return null;
    }
}
