package org.dump.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.console.Session;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Role;
import org.dump.node.status.NodeStatusReport;
import org.junit.Rule;
import org.junit.Test;

public class CommandsTest {

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    @Rule
    public final ShellOutput out = new ShellOutput();

    private String output() {
        return out.text();
    }

    /** A shell session that answers readLine from a queue, as a user typing would. */
    private static Session typing(String... lines) {
        Deque<String> answers = new ArrayDeque<>(List.of(lines));
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if ("readLine".equals(method.getName())) {
                        return answers.poll();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void statusShowsIdentityPortsAndCounts() {
        StatusCommand command = new StatusCommand();
        command.status = () -> new NodeStatusReport("abcdef", "X", "0.1.0", URI.create("http://localhost:8181/"),
                "/srv/dump/data", 8181, 8101, -1, 44444, "jdbc:derby:/srv/dump/data/dump/derby (Apache Derby)", 3, 1);

        command.execute();

        String shown = output();
        for (String expected : List.of("abcdef", "8181", "8101", "44444", "unknown", "/srv/dump/data",
                "jdbc:derby:/srv/dump/data/dump/derby", "Administrators")) {
            assertTrue(expected + " in\n" + shown, shown.contains(expected));
        }
    }

    @Test
    public void userAddCreatesAnAdministratorWithTheGivenPassword() throws Exception {
        UserAddCommand command = new UserAddCommand();
        command.accounts = accounts;
        command.username = "Beatrice";
        command.admin = true;
        command.password = "12345678";
        command.email = "b@x.example";

        command.execute();

        assertEquals(Set.of(Role.USER, Role.ADMIN), accounts.find("beatrice").orElseThrow().roles());
        assertTrue(accounts.authenticate("beatrice", "12345678".toCharArray()).isPresent());
        assertTrue(output().contains("Created account 'beatrice' with roles admin, user"));
    }

    @Test
    public void userAddAsksForThePasswordTwiceAndRefusesADifferentOne() throws Exception {
        UserAddCommand command = new UserAddCommand();
        command.accounts = accounts;
        command.username = "adam";
        command.session = typing("socks-for-sale", "socks-for-sale");
        command.execute();
        assertTrue(accounts.authenticate("adam", "socks-for-sale".toCharArray()).isPresent());

        UserAddCommand mistyped = new UserAddCommand();
        mistyped.accounts = accounts;
        mistyped.username = "carl";
        mistyped.session = typing("one-password", "another-one");
        assertThrows(IllegalArgumentException.class, mistyped::execute);
        assertFalse(accounts.find("carl").isPresent());
    }

    @Test
    public void userListShowsEveryAccountWithItsRoles() {
        accounts.create(new NewAccount("adam", "x".toCharArray(), Set.of(), "Adam A", "adam@x.example"));
        accounts.create(new NewAccount("root", "x".toCharArray(), Set.of(Role.ADMIN), null, null));
        UserListCommand command = new UserListCommand();
        command.accounts = accounts;
        command.profiles = accounts;

        command.execute();

        String shown = output();
        assertTrue(shown, shown.contains("adam") && shown.contains("Adam A") && shown.contains("adam@x.example"));
        assertTrue(shown, shown.contains("root") && shown.contains("admin, user"));
    }

    @Test
    public void userRemoveRemovesOrSaysThereIsNoSuchAccount() {
        accounts.create(new NewAccount("adam", "x".toCharArray(), Set.of(), null, null));
        UserRemoveCommand command = new UserRemoveCommand();
        command.accounts = accounts;
        command.username = "adam";

        command.execute();
        assertFalse(accounts.find("adam").isPresent());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, command::execute);
        assertEquals("no account named 'adam'", error.getMessage());
    }

    @Test
    public void usernamesComplete() {
        accounts.create(new NewAccount("adam", "x".toCharArray(), Set.of(), null, null));
        accounts.create(new NewAccount("beatrice", "x".toCharArray(), Set.of(), null, null));
        accounts.create(new NewAccount("barbara", "x".toCharArray(), Set.of(), null, null));
        UsernameCompleter completer = new UsernameCompleter();
        completer.accounts = accounts;
        List<String> candidates = new ArrayList<>();

        completer.complete(null, CommandLines.typing("b"), candidates);

        assertEquals(List.of("barbara", "beatrice"), candidates.stream().map(String::trim).sorted().toList());
    }
}
