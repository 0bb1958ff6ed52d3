package org.dump.shell.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Role;

/** {@code dump:user-add}: opens an account on this node. */
@Service
@Command(scope = "dump", name = "user-add", description = "Creates an account on this node (asks for the password unless --password is given).")
public class UserAddCommand implements Action {

    @Argument(index = 0, name = "username", required = true,
            description = "2 to 32 characters: letters, digits, '.', '_' or '-'; case-insensitive")
    String username;

    @Option(name = "--admin", aliases = "-a", description = "Make the account an administrator of the node")
    boolean admin;

    @Option(name = "--password", aliases = "-p", description = "The password (at least 8 characters); asked for when missing")
    String password;

    @Option(name = "--display-name", aliases = "-n", description = "The name shown on the profile; the username if missing")
    String displayName;

    @Option(name = "--email", aliases = "-e", description = "The e-mail address on the profile")
    String email;

    @Reference
    AccountService accounts;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        char[] secret = password != null ? password.toCharArray() : askPassword();
        Set<Role> roles = admin ? EnumSet.of(Role.USER, Role.ADMIN) : EnumSet.of(Role.USER);
        Account account = accounts.create(new NewAccount(username, secret, roles, displayName, email));
        Arrays.fill(secret, ' ');
        System.out.println("Created account '" + account.username() + "' with roles " + Roles.labels(account) + ".");
        return null;
    }

    private char[] askPassword() throws IOException {
        String first = session.readLine("Password for " + username + ": ", '*');
        String second = session.readLine("Again: ", '*');
        if (first == null || !first.equals(second)) {
            throw new IllegalArgumentException("the two passwords differ; nothing was created");
        }
        return first.toCharArray();
    }
}
