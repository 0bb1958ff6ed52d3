package org.dump.node.internal.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.Version;

import org.dump.node.account.Account;
import org.dump.node.account.Role;

/** A row of DUMP_ACCOUNT: one account, its password hash and roles. */
@Entity
@Table(name = "DUMP_ACCOUNT")
@NamedQueries({
    @NamedQuery(name = AccountEntity.ALL, query = "SELECT a FROM AccountEntity a ORDER BY a.username"),
    @NamedQuery(name = AccountEntity.COUNT, query = "SELECT COUNT(a) FROM AccountEntity a"),
    // Roles are few and stored as a sorted, comma-separated list, so a LIKE finds them exactly.
    @NamedQuery(name = AccountEntity.COUNT_WITH_ROLE,
            query = "SELECT COUNT(a) FROM AccountEntity a WHERE a.roles LIKE :pattern")
})
public class AccountEntity {

    static final String ALL = "Account.all";
    static final String COUNT = "Account.count";
    static final String COUNT_WITH_ROLE = "Account.countWithRole";

    @Id
    @Column(name = "USERNAME", length = 32)
    private String username;

    @Column(name = "PASSWORD_HASH", nullable = false, length = 200)
    private String passwordHash;

    @Column(name = "ROLES", nullable = false, length = 100)
    private String roles;

    @Column(name = "CREATED_MILLIS", nullable = false)
    private long createdMillis;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected AccountEntity() {
        // for JPA
    }

    AccountEntity(String username, String passwordHash, Set<Role> roles, Instant created) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = encode(roles);
        this.createdMillis = created.toEpochMilli();
    }

    static String likePattern(Role role) {
        return "%" + role.label() + "%";
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    void passwordHash(String hash) {
        this.passwordHash = hash;
    }

    Set<Role> roles() {
        Set<Role> decoded = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).filter(r -> !r.isBlank()).map(Role::fromLabel).forEach(decoded::add);
        return decoded;
    }

    Account toAccount() {
        return new Account(username, roles(), Instant.ofEpochMilli(createdMillis));
    }

    private static String encode(Set<Role> roles) {
        return roles.stream().map(Role::label).sorted().collect(Collectors.joining(","));
    }
}
