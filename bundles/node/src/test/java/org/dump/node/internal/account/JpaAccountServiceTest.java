package org.dump.node.internal.account;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.dump.node.account.Account;
import org.dump.node.account.DuplicateUsernameException;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.LastAdministratorException;
import org.dump.node.account.LoginThrottledException;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Role;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.testing.NodeDatabase;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

public class JpaAccountServiceTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public RuleChain rules = RuleChain.outerRule(folder).around(database);

    private JpaAccountService accounts;
    private JpaProfileService profiles;

    @Before
    public void openServices() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        accounts = new JpaAccountService(database.transactions(), TestConfigs.accounts(3, 60), clock);
        profiles = new JpaProfileService(database.transactions(), TestConfigs.profiles(1024, 64), clock);
    }

    private Account adam() {
        return accounts.create(new NewAccount("Adam", "socks-for-sale".toCharArray(), Set.of(), "Adam A.", "adam@x.example"));
    }

    @Test
    public void anAccountIsCreatedWithItsProfile() {
        Account adam = adam();

        assertEquals("adam", adam.username());
        assertEquals(Set.of(Role.USER), adam.roles());
        assertEquals("Adam A.", profiles.get("adam").displayName());
        assertEquals("adam@x.example", profiles.get("ADAM").email());
        assertEquals(1, accounts.count());
    }

    @Test
    public void theDisplayNameDefaultsToTheUsername() {
        accounts.create(new NewAccount("beatrice", "12345678".toCharArray(), Set.of(Role.ADMIN), null, null));

        assertEquals("beatrice", profiles.get("beatrice").displayName());
        assertEquals(Set.of(Role.USER, Role.ADMIN), accounts.find("beatrice").orElseThrow().roles());
        assertEquals(1, accounts.count(Role.ADMIN));
        assertEquals(1, accounts.count(Role.USER));
    }

    @Test
    public void aDuplicateUsernameIsRefusedWhateverItsCase() {
        adam();

        assertThrows(DuplicateUsernameException.class,
                () -> accounts.create(new NewAccount("ADAM", "another-password".toCharArray(), Set.of(), null, null)));
        assertEquals(1, accounts.count());
        assertTrue("the first account's password still works",
                accounts.authenticate("adam", "socks-for-sale".toCharArray()).isPresent());
    }

    @Test
    public void badFieldsAreRefusedNamingTheFieldAndNothingIsStored() {
        assertEquals("username", refused(new NewAccount("a", "12345678".toCharArray(), Set.of(), null, null)));
        assertEquals("username", refused(new NewAccount("has space", "12345678".toCharArray(), Set.of(), null, null)));
        assertEquals("username", refused(new NewAccount(null, "12345678".toCharArray(), Set.of(), null, null)));
        assertEquals("password", refused(new NewAccount("adam", "short".toCharArray(), Set.of(), null, null)));
        assertEquals("password", refused(new NewAccount("adam", null, Set.of(), null, null)));
        assertEquals("email", refused(new NewAccount("adam", "12345678".toCharArray(), Set.of(), null, "not-an-address")));
        assertEquals("displayName", refused(new NewAccount("adam", "12345678".toCharArray(), Set.of(), "x".repeat(101), null)));
        assertEquals(0, accounts.count());
    }

    private String refused(NewAccount account) {
        return assertThrows(InvalidInputException.class, () -> accounts.create(account)).field();
    }

    @Test
    public void signInChecksThePassword() {
        adam();

        assertEquals("adam", accounts.authenticate(" Adam ", "socks-for-sale".toCharArray()).orElseThrow().username());
        assertFalse(accounts.authenticate("adam", "socks-for-salE".toCharArray()).isPresent());
        assertFalse(accounts.authenticate("nobody", "socks-for-sale".toCharArray()).isPresent());
        assertFalse(accounts.authenticate(null, null).isPresent());
    }

    @Test
    public void repeatedFailuresLockOutTheSourceThatFailedNotTheAccount() {
        adam();
        for (int i = 0; i < 3; i++) {
            assertFalse(accounts.authenticate("adam", "guess".toCharArray(), "203.0.113.7").isPresent());
        }

        LoginThrottledException locked = assertThrows(LoginThrottledException.class,
                () -> accounts.authenticate("adam", "socks-for-sale".toCharArray(), "203.0.113.7"));
        assertEquals(60, locked.retryAfter().toSeconds());
        assertTrue("the right password from a clean source still signs in",
                accounts.authenticate("adam", "socks-for-sale".toCharArray(), "198.51.100.1").isPresent());
    }

    @Test
    public void madeUpUsernamesAnswerExactlyLikeRealOnes() {
        adam();
        for (String name : List.of("adam", "nobody")) {
            for (int i = 0; i < 3; i++) {
                assertFalse(accounts.authenticate(name, "guess".toCharArray(), "203.0.113.7").isPresent());
            }
            assertThrows(name, LoginThrottledException.class,
                    () -> accounts.authenticate(name, "guess".toCharArray(), "203.0.113.7"));
        }
    }

    @Test
    public void aChangedPasswordReplacesTheOldOneAtOnce() {
        adam();
        assertTrue(accounts.authenticate("adam", "socks-for-sale".toCharArray()).isPresent());

        accounts.changePassword("adam", "new-password".toCharArray());

        assertFalse("the remembered sign-in must not outlive the password",
                accounts.authenticate("adam", "socks-for-sale".toCharArray()).isPresent());
        assertTrue(accounts.authenticate("adam", "new-password".toCharArray()).isPresent());
        assertThrows(InvalidInputException.class, () -> accounts.changePassword("adam", "short".toCharArray()));
        assertThrows(UnknownAccountException.class, () -> accounts.changePassword("nobody", "long-enough".toCharArray()));
    }

    @Test
    public void removingAnAccountRemovesItsProfileButNeverTheLastAdministrator() {
        accounts.create(new NewAccount("root", "12345678".toCharArray(), Set.of(Role.ADMIN), null, null));
        adam();

        assertThrows(LastAdministratorException.class, () -> accounts.remove("root"));
        assertTrue(accounts.remove("adam"));
        assertFalse(accounts.remove("adam"));
        assertThrows(UnknownAccountException.class, () -> profiles.get("adam"));
        assertFalse(accounts.authenticate("adam", "socks-for-sale".toCharArray()).isPresent());
        assertEquals(List.of("root"), accounts.list(0, 10).stream().map(Account::username).toList());
    }

    @Test
    public void listingPagesInUsernameOrder() {
        for (String name : List.of("carl", "adam", "beatrice", "stephanie")) {
            accounts.create(new NewAccount(name, "12345678".toCharArray(), Set.of(), null, null));
        }

        assertEquals(List.of("adam", "beatrice"), accounts.list(0, 2).stream().map(Account::username).toList());
        assertEquals(List.of("carl", "stephanie"), accounts.list(2, 5).stream().map(Account::username).toList());
        assertThrows(InvalidInputException.class, () -> accounts.list(-1, 5));
    }
}
