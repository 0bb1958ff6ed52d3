package org.dump.web.internal.rest;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.ws.rs.core.SecurityContext;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.node.account.Account;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Profile;
import org.dump.node.account.Role;
import org.dump.node.consent.OutgoingRequest;
import org.dump.node.internal.account.AccountsConfig;
import org.dump.node.internal.account.JpaAccountService;
import org.dump.node.internal.account.JpaProfileService;
import org.dump.node.internal.consent.ConsentOutbox;
import org.dump.node.internal.consent.JpaProfileRequests;
import org.dump.node.internal.consent.OutboxConfig;
import org.dump.node.internal.record.TestRecords;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.dump.node.testing.Configs;
import org.dump.node.testing.TestNodeIdentity;
import org.dump.web.internal.security.Caller;
import org.dump.web.internal.security.SessionStore;
import org.dump.web.internal.security.TestSessions;
import org.dump.web.internal.security.WebConfig;

/**
 * The REST resources that take JSON bodies, on the node's real account, profile and profile-request services over
 * an in-memory Derby database (the node's persistence unit, as DS would build them, minus OSGi), with an
 * administrator ({@code admin}) and a user ({@code adam}) to call them as. Configurations are the components'
 * defaults, except for a cheap password hash and no sign-in throttle, so that the many wrong passwords of a fuzzer
 * do not lock {@code adam} out.
 */
final class InMemoryNode {

    static final String PASSWORD = "socks-for-sale";

    /** What the resources can change: a refused request must leave all of it as it was. */
    record State(List<Account> accounts, Profile adam, Profile admin, List<OutgoingRequest> asked, int sessions,
            boolean passwordHolds) {
    }

    final JpaAccountService accounts;
    final JpaProfileService profiles;
    final JpaProfileRequests requests;
    final SessionStore sessions;
    final UserResource users;
    final SessionResource session;
    final MyProfileResource me;
    final ProfileRequestResource profileRequests;
    final SecurityContext admin;
    final SecurityContext adam;
    final SecurityContext nobody = security(null);

    InMemoryNode(String database) {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + database);
        dataSource.setCreateDatabase("create");
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(Transactions.UNIT,
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        accounts = new JpaAccountService(factory, DatabaseSpace.UNWATCHED, Configs.of(AccountsConfig.class,
                Map.of("passwordMemoryKiB", 64, "passwordIterations", 1, "maxFailedSignIns", 1_000_000_000,
                        "maxFailedSignInsPerSource", 1_000_000_000)));
        profiles = new JpaProfileService(factory, DatabaseSpace.UNWATCHED,
                Configs.of(JpaProfileService.Config.class, Map.of()));
        TestNodeIdentity identity = new TestNodeIdentity();
        requests = new JpaProfileRequests(factory, DatabaseSpace.UNWATCHED, identity, profiles,
                new ConsentOutbox(factory, DatabaseSpace.UNWATCHED, Configs.of(OutboxConfig.class, Map.of())),
                new TestRecords(factory, identity, 64 * 1024).local());
        sessions = new SessionStore(Configs.of(WebConfig.class, Map.of()));
        users = new UserResource(accounts, profiles, sessions);
        session = new SessionResource(accounts, sessions, Optional::empty);
        me = new MyProfileResource(profiles, accounts, sessions);
        profileRequests = new ProfileRequestResource(requests, null);
        admin = security(accounts.create(new NewAccount("admin", PASSWORD.toCharArray(), Set.of(Role.ADMIN), null, null)));
        adam = security(accounts.create(new NewAccount("adam", PASSWORD.toCharArray(), Set.of(), "Adam", null)));
    }

    State state() {
        return new State(accounts.list(0, 1000), profiles.get("adam"), profiles.get("admin"), requests.outgoing("adam"),
                TestSessions.count(sessions), accounts.authenticate("adam", PASSWORD.toCharArray()).isPresent());
    }

    private static SecurityContext security(Account account) {
        Caller caller = account == null ? null : new Caller(account, Caller.Via.SESSION);
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return caller == null ? null : "session";
            }
        };
    }
}
