package org.dump.node.account;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The accounts of this node's users. Usernames are case-insensitive and stored in lower case.
 */
@ProviderType
public interface AccountService {

    /**
     * Opens an account and its empty profile.
     *
     * @throws InvalidInputException      if the username, password, display name or e-mail breaks a rule
     * @throws DuplicateUsernameException if the username is taken
     */
    Account create(NewAccount account);

    /**
     * Checks a username and password.
     *
     * @return the account, or empty if there is none with that name or the password is wrong
     * @throws LoginThrottledException if this username has failed too often lately
     */
    Optional<Account> authenticate(String username, char[] password);

    Optional<Account> find(String username);

    /** @return accounts ordered by username, {@code limit} at most, skipping the first {@code offset} */
    List<Account> list(int offset, int limit);

    long count();

    /** @return how many accounts have {@code role} */
    long count(Role role);

    /**
     * @throws InvalidInputException    if the password breaks a rule
     * @throws UnknownAccountException  if there is no such account
     */
    void changePassword(String username, char[] newPassword);

    /**
     * Removes the account with its profile and avatar.
     *
     * @return false if there was no such account
     * @throws LastAdministratorException if this is the node's last administrator
     */
    boolean remove(String username);
}
