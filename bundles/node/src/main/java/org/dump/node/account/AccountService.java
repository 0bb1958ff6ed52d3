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
     * @throws SignInBusyException        if the node is hashing as many passwords as it can at once
     */
    Account create(NewAccount account);

    /**
     * Checks a username and password that came from an unknown place: all such attempts share one source, so a
     * caller that knows where a sign-in comes from should use {@link #authenticate(String, char[], String)}.
     *
     * @return the account, or empty if there is none with that name or the password is wrong
     * @throws LoginThrottledException if sign-ins to this username from an unknown place have failed too often lately
     * @throws SignInBusyException     if the node is checking as many passwords as it can at once
     */
    default Optional<Account> authenticate(String username, char[] password) {
        return authenticate(username, password, null);
    }

    /**
     * Checks a username and password sent from {@code source}. Failures are counted per source and username
     * together, for made-up usernames as for real ones, so a source that guesses is refused without locking the
     * account for anybody else.
     *
     * @param source the address the attempt came from (an IP address, or null when unknown)
     * @return the account, or empty if there is none with that name or the password is wrong
     * @throws LoginThrottledException if this source has failed too often lately, for this username or any
     * @throws SignInBusyException     if the node is checking as many passwords as it can at once
     * @since 1.1
     */
    Optional<Account> authenticate(String username, char[] password, String source);

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
