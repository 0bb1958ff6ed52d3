package org.dump.web.internal.console;

import java.util.List;
import java.util.Map;

import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;
import org.dump.node.account.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code users.json}: the node's accounts, as {@code GET /api/users} lists them. Accounts are made and removed
 * through the REST API or the shell ({@code dump:user-add}); the console shows them.
 */
@Component(service = ConsoleSection.class)
public final class UserSection implements ConsoleSection {

    static final int SHOWN = 500;

    record User(String username, List<String> roles, String displayName, String email, String created) {
    }

    record View(long total, List<User> users) {
    }

    private final AccountService accounts;
    private final ProfileService profiles;

    @Activate
    public UserSection(@Reference AccountService accounts, @Reference ProfileService profiles) {
        this.accounts = accounts;
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "users";
    }

    @Override
    public View read(Map<String, String> query) {
        List<User> users = accounts.list(0, SHOWN).stream().map(this::user).toList();
        return new View(accounts.count(), users);
    }

    @Override
    public Answer act(String action, Map<String, String> form) {
        throw ConsoleSection.unknownAction(name(), action);
    }

    private User user(Account account) {
        Profile profile = profiles.get(account.username());
        return new User(account.username(), account.roles().stream().sorted().map(Role::label).toList(),
                profile.displayName(), profile.email(), account.created().toString());
    }
}
