package org.dump.node.consent;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The author's side of profiles by consent: requests of other nodes' users for the profiles of this node's users,
 * and the author's answers. Accepting sends the profile to the asking node only; every later change of the
 * profile follows it there, until the author revokes the grant and the asking node deletes its copy.
 */
@ProviderType
public interface ProfileGrants {

    /** The most requests one listing returns. */
    int MAX_LISTED = 1000;

    /** @return the requests for {@code username}'s profile, newest first */
    List<IncomingRequest> incoming(String username);

    /** @return the requests for the profiles of every user of this node, newest first (for administrators) */
    List<IncomingRequest> incomingForAll();

    /** @return the request with this node's id {@code id} */
    Optional<IncomingRequest> find(String id);

    /**
     * Accepts a pending request: the profile goes to the asking node, for the asking user only.
     *
     * @throws ConsentException NOT_FOUND if {@code username} has no such request, CONFLICT if it is not pending
     */
    IncomingRequest accept(String username, String id);

    /**
     * Refuses a pending request: the asking node learns "refused" and nothing else.
     *
     * @throws ConsentException NOT_FOUND if {@code username} has no such request, CONFLICT if it is not pending
     */
    IncomingRequest refuse(String username, String id);

    /**
     * Takes back a grant: the asking node is told to delete its copy of the profile.
     *
     * @throws ConsentException NOT_FOUND if {@code username} has no such request, CONFLICT if it is not granted
     */
    IncomingRequest revoke(String username, String id);
}
