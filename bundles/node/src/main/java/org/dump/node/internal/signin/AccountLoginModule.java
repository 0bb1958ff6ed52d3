package org.dump.node.internal.signin;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.LoginThrottledException;
import org.dump.node.account.Role;
import org.dump.node.account.SignInBusyException;

/** Checks a username and password against the node's accounts for Karaf's JAAS realm {@code dump}. */
public final class AccountLoginModule implements LoginModule {

    /** The Karaf roles an administrator of the node gets: shell over SSH, all commands, JMX. */
    private static final List<String> ADMIN_ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");

    private Subject subject;
    private CallbackHandler callbacks;
    private AccountService accounts;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.accounts = (AccountService) options.get(NodeAccountsRealm.ACCOUNTS_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot ask for username and password: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        if (name.getName() == null || secret == null) {
            throw new FailedLoginException("username and password are required");
        }
        Optional<Account> account;
        try {
            account = accounts.authenticate(name.getName(), secret, clientAddress(subject));
        } catch (LoginThrottledException | SignInBusyException e) {
            throw new FailedLoginException(e.getMessage());
        } finally {
            password.clearPassword();
        }
        Account signedIn = account.orElseThrow(() -> new FailedLoginException("wrong username or password"));
        principals.add(new UserPrincipal(signedIn.username()));
        signedIn.roles().stream().map(Role::label).map(RolePrincipal::new).forEach(principals::add);
        if (signedIn.isAdmin()) {
            ADMIN_ROLES.stream().map(RolePrincipal::new).forEach(principals::add);
        }
        return true;
    }

    /**
     * Where the sign-in came from, so that failures are counted per source. Karaf's SSH server and web console put a
     * {@link ClientPrincipal} into the subject before they sign in: {@code ssh} with the client's socket address
     * ({@code /127.0.0.1:50000}), {@code webconsole} with {@code host:port}. JMX puts none: its sign-ins all count
     * as one unknown source.
     *
     * @return the IP address, or null when unknown
     */
    static String clientAddress(Subject subject) {
        return subject == null ? null : subject.getPrincipals(ClientPrincipal.class).stream()
                .map(ClientPrincipal::getAddress).map(AccountLoginModule::withoutPort).filter(a -> !a.isEmpty())
                .findFirst().orElse(null);
    }

    /** {@code /1.2.3.4:5}, {@code name/1.2.3.4:5}, {@code [::1]:5}, {@code 0:0:0:0:0:0:0:1:5} → the address alone. */
    static String withoutPort(String address) {
        String host = address == null ? "" : address.substring(address.indexOf('/') + 1);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            host = host.substring(0, colon);
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
