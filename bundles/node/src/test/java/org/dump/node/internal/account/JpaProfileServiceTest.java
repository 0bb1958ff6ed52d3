package org.dump.node.internal.account;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.Set;

import org.dump.node.account.Avatar;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.testing.NodeDatabase;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

public class JpaProfileServiceTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public RuleChain rules = RuleChain.outerRule(folder).around(database);

    private JpaProfileService profiles;

    @Before
    public void openServices() {
        JpaAccountService accounts = new JpaAccountService(database.transactions(), TestConfigs.accounts(5, 60),
                Clock.systemUTC());
        profiles = new JpaProfileService(database.transactions(), TestConfigs.profiles(4096, 64), Clock.systemUTC());
        accounts.create(new NewAccount("adam", "socks-for-sale".toCharArray(), Set.of(), "Adam", null));
    }

    @Test
    public void anUpdateReplacesTheText() {
        Profile updated = profiles.update("adam", new ProfileUpdate(" Adam Smith ", "adam@x.example", "I sell socks."));

        assertEquals("Adam Smith", updated.displayName());
        assertEquals(updated, profiles.get("adam"));
        Profile cleared = profiles.update("adam", new ProfileUpdate("Adam", "", null));
        assertNull(cleared.email());
        assertNull(cleared.bio());
    }

    @Test
    public void aBadUpdateChangesNothing() {
        Profile before = profiles.update("adam", new ProfileUpdate("Adam", "adam@x.example", "socks"));

        assertEquals("displayName", field(new ProfileUpdate(null, "adam@x.example", "socks")));
        assertEquals("displayName", field(new ProfileUpdate("Ad\u0000am", "adam@x.example", "socks")));
        assertEquals("email", field(new ProfileUpdate("Adam", "adam at x", "socks")));
        assertEquals("bio", field(new ProfileUpdate("Adam", null, "x".repeat(51))));
        assertEquals(before, profiles.get("adam"));
        assertThrows(UnknownAccountException.class, () -> profiles.update("nobody", new ProfileUpdate("N", null, null)));
    }

    private String field(ProfileUpdate update) {
        return assertThrows(InvalidInputException.class, () -> profiles.update("adam", update)).field();
    }

    @Test
    public void anAvatarIsStoredReplacedAndRemoved() {
        byte[] png = Images.encoded("png", 16, 16);
        byte[] gif = Images.encoded("gif", 16, 16);

        assertEquals("image/png", profiles.setAvatar("adam", new Avatar("image/png", png)).avatarType());
        assertArrayEquals(png, profiles.avatar("adam").orElseThrow().image());
        assertEquals("image/gif", profiles.setAvatar("adam", new Avatar("image/gif", gif)).avatarType());
        assertArrayEquals(gif, profiles.avatar("adam").orElseThrow().image());

        assertFalse(profiles.removeAvatar("adam").hasAvatar());
        assertTrue(profiles.avatar("adam").isEmpty());
    }

    @Test
    public void aRefusedAvatarLeavesTheStoredOneInPlace() {
        byte[] png = Images.encoded("png", 16, 16);
        profiles.setAvatar("adam", new Avatar("image/png", png));

        assertThrows(AvatarRejectedException.class, () -> profiles.setAvatar("adam", new Avatar("image/png", new byte[5000])));
        assertThrows(AvatarRejectedException.class, () -> profiles.setAvatar("adam", new Avatar("image/png", "hello".getBytes())));

        assertArrayEquals(png, profiles.avatar("adam").orElseThrow().image());
        assertEquals("image/png", profiles.get("adam").avatarType());
        assertThrows(UnknownAccountException.class,
                () -> profiles.setAvatar("nobody", new Avatar("image/png", png)));
    }
}
