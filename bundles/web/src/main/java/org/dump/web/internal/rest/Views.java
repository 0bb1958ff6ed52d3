package org.dump.web.internal.rest;

import java.util.List;

import org.dump.node.account.Account;
import org.dump.node.account.Profile;
import org.dump.node.account.Role;

/** The JSON bodies the REST API sends and accepts. Field names are part of the API: change them only with care. */
final class Views {

    private Views() {
    }

    /**
     * {@code GET /api/node}: the node's public front door; {@code protocol} is the federation protocol it speaks
     * ({@link org.dump.federation.FederationProtocol}).
     */
    record NodeInfo(String id, String publicKey, String name, String version, int protocol, String publicBaseUrl,
            List<ModuleInfo> modules, ReachabilityInfo reachability, RelayInfo relay) {
    }

    /**
     * How the node is reached (protocol §13): {@code mode} direct, relayed, unreachable or unknown; {@code address}
     * where to send it requests; {@code relays} the relays it is attached to; {@code issued} (epoch seconds) since
     * when it is reached at {@code address}, and {@code addressSignature} its signature of that (§13.4).
     */
    record ReachabilityInfo(String mode, String address, List<String> relays, Long issued, String addressSignature) {
    }

    /** Whether the node offers to relay for nodes that cannot be reached, and for how many now. */
    record RelayInfo(boolean offered, int clients) {
    }

    /** One module running on the node. */
    record ModuleInfo(String id, String version, String dataVersion) {
    }

    /** {@code GET /api/modules}: a running module, its pages and the root under which its REST resources are mounted. */
    record RunningModuleView(String id, String version, String dataVersion, String bundle, String api,
            List<PageView> pages) {
    }

    /** A page of a module in the node's user interface. */
    record PageView(String name, String title, String url) {
    }

    /** {@code POST /api/users}. */
    record NewUser(String username, String password, List<String> roles, String displayName, String email) {
    }

    record User(String username, List<String> roles, String created, String displayName, String email) {

        static User of(Account account, Profile profile) {
            return new User(account.username(), labels(account), account.created().toString(),
                    profile == null ? null : profile.displayName(), profile == null ? null : profile.email());
        }
    }

    record UserPage(List<User> users, long total, int offset, int limit) {
    }

    /** {@code POST /api/session}. */
    record SignIn(String username, String password) {
    }

    /** Who is signed in; the CSRF token only for a session, where the page must echo it. */
    record SessionInfo(String username, List<String> roles, String authentication, String csrfToken) {
    }

    /** {@code PUT /api/me/profile}. */
    record ProfileText(String displayName, String email, String bio) {
    }

    record ProfileInfo(String username, String displayName, String email, String bio, String avatar, String updated) {

        static ProfileInfo of(Profile profile) {
            return new ProfileInfo(profile.username(), profile.displayName(), profile.email(), profile.bio(),
                    profile.hasAvatar() ? "/api/me/avatar" : null, profile.updated().toString());
        }
    }

    /** {@code PUT /api/me/password}. */
    record PasswordChange(String currentPassword, String newPassword) {
    }

    static List<String> labels(Account account) {
        return account.roles().stream().map(Role::label).sorted().toList();
    }
}
