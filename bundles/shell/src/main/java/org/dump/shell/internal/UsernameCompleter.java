package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;

/** Completes the usernames of this node's accounts. */
@Service
public class UsernameCompleter implements Completer {

    private static final int MAX_SUGGESTIONS = 1000;

    @Reference
    AccountService accounts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter usernames = new StringsCompleter();
        accounts.list(0, MAX_SUGGESTIONS).stream().map(Account::username).forEach(usernames.getStrings()::add);
        return usernames.complete(session, commandLine, candidates);
    }
}
