package org.dump.node.internal.account;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dump.node.account.Avatar;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.NewAccount;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.testing.NodeDatabase;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/** Grants of profiles follow the profile: every committed change is told, a refused one is not. */
public class AccountListenerTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final List<String> told = new ArrayList<>();
    private JpaAccountService accounts;
    private JpaProfileService profiles;

    @Before
    public void openServices() {
        accounts = new JpaAccountService(database.transactions(), TestConfigs.accounts(5, 60), Clock.systemUTC());
        profiles = new JpaProfileService(database.transactions(), TestConfigs.profiles(4096, 64), Clock.systemUTC());
        AccountListener listener = new AccountListener() {
            @Override
            public void profileChanged(String username) {
                told.add("changed " + username);
            }

            @Override
            public void accountRemoved(String username) {
                told.add("removed " + username);
            }
        };
        AccountListener failing = new AccountListener() {
            @Override
            public void profileChanged(String username) {
                throw new IllegalStateException("a listener that fails never undoes the change");
            }

            @Override
            public void accountRemoved(String username) {
                throw new IllegalStateException("nor the removal");
            }
        };
        profiles.listen(failing);
        profiles.listen(listener);
        accounts.listen(failing);
        accounts.listen(listener);
        accounts.create(new NewAccount("adam", "socks-for-sale".toCharArray(), Set.of(), "Adam", null));
    }

    @Test
    public void everyCommittedChangeIsToldAndNothingElse() {
        profiles.update("Adam", new ProfileUpdate("Adam Smith", null, null));
        try {
            profiles.update("adam", new ProfileUpdate("", null, null));
        } catch (InvalidInputException expected) {
            // refused: nothing changed, nothing told
        }
        profiles.setAvatar("adam", new Avatar("image/png", Images.encoded("png", 8, 8)));
        profiles.removeAvatar("adam");
        accounts.remove("adam");

        assertEquals(List.of("changed adam", "changed adam", "changed adam", "removed adam"), told);
        assertEquals(0, accounts.count());
    }
}
