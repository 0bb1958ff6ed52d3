package org.dump.node.internal.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.dump.crypto.PasswordHasher;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.DuplicateUsernameException;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.LastAdministratorException;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Role;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's accounts, in DUMP_ACCOUNT through JPA, with passwords hashed by Argon2id. */
@Component(service = AccountService.class, configurationPid = AccountsConfig.PID)
@Designate(ocd = AccountsConfig.class)
public final class JpaAccountService implements AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaAccountService.class);
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    private static final Duration REMEMBER_SIGN_IN = Duration.ofMinutes(5);
    /** Sources and source-username pairs the throttle remembers at most. */
    private static final int MAX_THROTTLED = 10_000;

    private final Transactions transactions;
    private final PasswordHashPool hasher;
    private final int minPasswordLength;
    private final SignInThrottle throttle;
    private final RecentSignIns recentSignIns;
    private final Clock clock;

    /** Whatever the account's profile was granted to ends with the account (org.dump.node.internal.consent). */
    @Reference(service = AccountListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE)
    private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public JpaAccountService(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory entityManagerFactory,
            @Reference DatabaseSpace space,
            AccountsConfig config) {
        this(new Transactions(entityManagerFactory, space), config, Clock.systemUTC());
    }

    JpaAccountService(Transactions transactions, AccountsConfig config, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
        this.hasher = new PasswordHashPool(new PasswordHasher(new PasswordHasher.Cost(config.passwordMemoryKiB(),
                config.passwordIterations(), 1)), config.passwordHashSlots(),
                Duration.ofMillis(Math.max(0, config.passwordHashWaitMillis())));
        this.minPasswordLength = Math.max(8, config.minPasswordLength());
        this.throttle = new SignInThrottle(config.maxFailedSignIns(), config.maxFailedSignInsPerSource(), FAILURE_WINDOW,
                Duration.ofSeconds(config.signInLockoutSeconds()), MAX_THROTTLED, clock);
        this.recentSignIns = new RecentSignIns(REMEMBER_SIGN_IN, clock);
    }

    @Override
    public Account create(NewAccount request) {
        String username = AccountRules.username(request.username());
        AccountRules.password(request.password(), minPasswordLength);
        String displayName = request.displayName() == null || request.displayName().isBlank() ? username
                : AccountRules.displayName(request.displayName());
        String email = AccountRules.email(request.email());
        Set<Role> roles = EnumSet.of(Role.USER);
        roles.addAll(request.roles());
        // Hash before the transaction: Argon2 is slow on purpose and should not hold a connection.
        String passwordHash = hasher.hash(request.password());
        Instant now = clock.instant();
        try {
            Account created = transactions.write(manager -> {
                if (manager.find(AccountEntity.class, username) != null) {
                    throw new DuplicateUsernameException(username);
                }
                AccountEntity account = new AccountEntity(username, passwordHash, roles, now);
                manager.persist(account);
                manager.persist(new ProfileEntity(username, displayName, email, now));
                return account.toAccount();
            });
            LOG.info("Account '{}' created with roles {}", username, roles);
            return created;
        } catch (PersistenceException e) {
            // Two requests for the same new name: the database's key constraint decided for one of them.
            if (find(username).isPresent()) {
                throw new DuplicateUsernameException(username);
            }
            throw e;
        }
    }

    @Override
    public Optional<Account> authenticate(String username, char[] password, String source) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (password == null) {
            return Optional.empty();
        }
        // Before anything else, and the same for made-up names: the answers must not tell which accounts exist.
        throttle.checkAllowed(source, name);
        AccountEntity account = name.isEmpty() ? null : transactions.read(m -> m.find(AccountEntity.class, name));
        if (account != null && recentSignIns.matches(name, password, account.passwordHash())) {
            return Optional.of(account.toAccount());
        }
        if (!hasher.verifyOrDecoy(password, account == null ? null : account.passwordHash())) {
            throttle.failed(source, name);
            if (account != null) {
                LOG.info("Failed sign-in for account '{}' from {}", name, SignInThrottle.sourceOf(source));
            }
            return Optional.empty();
        }
        throttle.succeeded(source, name);
        String storedHash = account.passwordHash();
        if (hasher.needsRehash(storedHash)) {
            storedHash = rehash(name, password, storedHash);
        }
        recentSignIns.remember(name, password, storedHash);
        return Optional.of(account.toAccount());
    }

    /** For tests, which build the service without DS. */
    void listen(AccountListener listener) {
        listeners.add(listener);
    }

    /** Brings a hash made under an older cost up to today's, unless the password changed meanwhile. */
    private String rehash(String username, char[] password, String oldHash) {
        String newHash = hasher.hash(password);
        return transactions.write(manager -> {
            AccountEntity account = manager.find(AccountEntity.class, username);
            if (account != null && account.passwordHash().equals(oldHash)) {
                account.passwordHash(newHash);
                return newHash;
            }
            return oldHash;
        });
    }

    @Override
    public Optional<Account> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        String name = username.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(transactions.read(m -> m.find(AccountEntity.class, name))).map(AccountEntity::toAccount);
    }

    @Override
    public List<Account> list(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new InvalidInputException("offset", "offset and limit cannot be negative");
        }
        return transactions.read(manager -> manager.createNamedQuery(AccountEntity.ALL, AccountEntity.class)
                .setFirstResult(offset).setMaxResults(limit).getResultStream().map(AccountEntity::toAccount).toList());
    }

    @Override
    public long count() {
        return transactions.read(manager -> manager.createNamedQuery(AccountEntity.COUNT, Long.class).getSingleResult());
    }

    @Override
    public long count(Role role) {
        return transactions.read(manager -> countWithRole(manager, role));
    }

    private static long countWithRole(EntityManager manager, Role role) {
        return manager.createNamedQuery(AccountEntity.COUNT_WITH_ROLE, Long.class)
                .setParameter("pattern", AccountEntity.likePattern(role)).getSingleResult();
    }

    @Override
    public void changePassword(String username, char[] newPassword) {
        String name = AccountRules.username(username);
        AccountRules.password(newPassword, minPasswordLength);
        String passwordHash = hasher.hash(newPassword);
        transactions.write(manager -> {
            AccountEntity account = manager.find(AccountEntity.class, name);
            if (account == null) {
                throw new UnknownAccountException(name);
            }
            account.passwordHash(passwordHash);
            return null;
        });
        recentSignIns.forget(name);
        LOG.info("Password of account '{}' changed", name);
    }

    /** Serialised, so that two administrators removing each other cannot leave the node with none. */
    @Override
    public synchronized boolean remove(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        boolean removed = transactions.write(manager -> {
            AccountEntity account = manager.find(AccountEntity.class, name);
            if (account == null) {
                return false;
            }
            if (account.roles().contains(Role.ADMIN) && countWithRole(manager, Role.ADMIN) <= 1) {
                throw new LastAdministratorException(name);
            }
            manager.createNamedQuery(AvatarEntity.DELETE).setParameter("username", name).executeUpdate();
            manager.createNamedQuery(ProfileEntity.DELETE).setParameter("username", name).executeUpdate();
            manager.remove(account);
            return true;
        });
        if (removed) {
            recentSignIns.forget(name);
            LOG.info("Account '{}' removed with its profile", name);
            AccountListener.tell(listeners, listener -> listener.accountRemoved(name));
        }
        return removed;
    }
}
