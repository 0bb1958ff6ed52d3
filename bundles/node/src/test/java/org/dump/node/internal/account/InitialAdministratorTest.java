package org.dump.node.internal.account;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.dump.node.account.NewAccount;
import org.dump.node.account.Role;
import org.dump.node.testing.NodeDatabase;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * The first administrator on real databases: a node's data directory (where the password file and the marker live)
 * with the database it started on (Derby, say) and a second, empty one it may be switched to (PostgreSQL, say).
 */
public class InitialAdministratorTest {

    private final TemporaryFolder dataFolder = new TemporaryFolder();
    private final TemporaryFolder firstFolder = new TemporaryFolder();
    private final TemporaryFolder secondFolder = new TemporaryFolder();
    private final NodeDatabase first = new NodeDatabase(firstFolder);
    private final NodeDatabase second = new NodeDatabase(secondFolder);

    @Rule
    public RuleChain rules = RuleChain.outerRule(dataFolder).around(firstFolder).around(secondFolder).around(first)
            .around(second);

    private Path data;
    private JpaAccountService onFirst;
    private JpaAccountService onSecond;

    @Before
    public void openServices() {
        data = dataFolder.getRoot().toPath().resolve("dump");
        onFirst = new JpaAccountService(first.transactions(), TestConfigs.accounts(3, 60), Clock.systemUTC());
        onSecond = new JpaAccountService(second.transactions(), TestConfigs.accounts(3, 60), Clock.systemUTC());
    }

    private void start(JpaAccountService accounts) {
        new InitialAdministrator(accounts, data, "admin").opening().join();
    }

    private Path passwordFile() {
        return data.resolve(InitialAdministrator.PASSWORD_FILE);
    }

    private Path marker() {
        return data.resolve(AccountHistory.MARKER);
    }

    @Test
    public void aNewNodeGetsAnAdministratorWhosePasswordOnlyItsOwnerCanRead() throws IOException {
        start(onFirst);

        String password = Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
        assertTrue(onFirst.authenticate("admin", password.toCharArray()).isPresent());
        assertEquals(Set.of(Role.USER, Role.ADMIN), onFirst.find("admin").orElseThrow().roles());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile())));
        assertTrue("the node now knows it held accounts", Files.isRegularFile(marker()));
    }

    @Test
    public void aNodeWithAccountsGetsNoAdministratorAndIsMarked() {
        onFirst.create(new NewAccount("adam", "socks-for-sale".toCharArray(), Set.of(Role.ADMIN), null, null));

        start(onFirst);

        assertEquals(1, onFirst.count());
        assertFalse(Files.exists(passwordFile()));
        assertTrue("a node from before the marker is marked on its next start", Files.isRegularFile(marker()));
    }

    @Test
    public void aSwitchToAnEmptyDatabaseMakesNoAdministratorAndKeepsThePasswordFile() throws IOException {
        start(onFirst);
        String password = Files.readString(passwordFile(), StandardCharsets.UTF_8);

        start(onSecond);

        assertEquals("no account was made in the new database", 0, onSecond.count());
        assertEquals("the password file is the first database's", password,
                Files.readString(passwordFile(), StandardCharsets.UTF_8));
        assertTrue(onFirst.authenticate("admin", password.strip().toCharArray()).isPresent());
    }

    @Test
    public void aNodeFromBeforeTheMarkerIsKnownByItsPasswordFile() throws IOException {
        Files.createDirectories(data);
        Files.writeString(passwordFile(), "an-old-password\n");

        start(onSecond);

        assertEquals(0, onSecond.count());
        assertEquals("an-old-password\n", Files.readString(passwordFile()));
        assertFalse("an empty database is no evidence of accounts", Files.exists(marker()));
    }

    @Test
    public void deletingTheFilesTheLogNamesStartsTheNodeOverWithANewAdministrator() throws IOException {
        start(onFirst);
        start(onSecond);
        assertEquals(0, onSecond.count());

        Files.delete(marker());
        Files.delete(passwordFile());
        start(onSecond);

        String password = Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
        assertTrue(onSecond.authenticate("admin", password.toCharArray()).isPresent());
        assertTrue(Files.isRegularFile(marker()));
    }

    @Test
    public void theLogLineNamesTheFilesAndBothWaysOn() {
        String line = InitialAdministrator.emptyDatabase(List.of(marker(), passwordFile()));

        assertTrue(line, line.contains("holds no account"));
        assertTrue(line, line.contains("dump:restore"));
        assertTrue(line, line.contains("delete " + marker() + " and " + passwordFile()));
        assertFalse("one line", line.contains("\n"));
    }

    @Test
    public void anEmptySettingMakesNoAdministrator() {
        new InitialAdministrator(onFirst, data, "").opening().join();

        assertEquals(0, onFirst.count());
        assertFalse(Files.exists(passwordFile()));
        assertFalse(Files.exists(marker()));
    }
}
