package org.dump.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.Avatar;
import org.dump.node.account.DuplicateUsernameException;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.account.Role;
import org.dump.node.account.UnknownAccountException;

/**
 * Accounts kept in a map, for testing what the commands do with the services; the real services are tested in the
 * node bundle and, with these commands, in the integration tests.
 */
final class InMemoryAccounts implements AccountService, ProfileService {

    final TreeMap<String, Account> accounts = new TreeMap<>();
    final TreeMap<String, Profile> profiles = new TreeMap<>();
    final TreeMap<String, String> passwords = new TreeMap<>();

    @Override
    public Account create(NewAccount request) {
        String name = request.username().toLowerCase();
        if (accounts.containsKey(name)) {
            throw new DuplicateUsernameException(name);
        }
        EnumSet<Role> roles = EnumSet.of(Role.USER);
        roles.addAll(request.roles());
        Account account = new Account(name, roles, Instant.parse("2026-11-22T10:00:00Z"));
        accounts.put(name, account);
        passwords.put(name, new String(request.password()));
        profiles.put(name, new Profile(name, request.displayName() == null ? name : request.displayName(),
                request.email(), null, null, account.created()));
        return account;
    }

    @Override
    public Optional<Account> authenticate(String username, char[] password, String source) {
        return Optional.ofNullable(accounts.get(username)).filter(a -> passwords.get(username).equals(new String(password)));
    }

    @Override
    public Optional<Account> find(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public List<Account> list(int offset, int limit) {
        return new ArrayList<>(accounts.values()).stream().skip(offset).limit(limit).toList();
    }

    @Override
    public long count() {
        return accounts.size();
    }

    @Override
    public long count(Role role) {
        return accounts.values().stream().filter(a -> a.roles().contains(role)).count();
    }

    @Override
    public void changePassword(String username, char[] newPassword) {
        passwords.put(username, new String(newPassword));
    }

    @Override
    public boolean remove(String username) {
        profiles.remove(username);
        return accounts.remove(username) != null;
    }

    @Override
    public Profile get(String username) {
        Profile profile = profiles.get(username);
        if (profile == null) {
            throw new UnknownAccountException(username);
        }
        return profile;
    }

    @Override
    public Profile update(String username, ProfileUpdate update) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Profile setAvatar(String username, Avatar avatar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Avatar> avatar(String username) {
        return Optional.empty();
    }

    @Override
    public Profile removeAvatar(String username) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int maxAvatarBytes() {
        return 0;
    }
}
