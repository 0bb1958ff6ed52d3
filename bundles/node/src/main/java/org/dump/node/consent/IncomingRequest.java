package org.dump.node.consent;

import java.time.Instant;

/**
 * A request of a user of another node for the profile of one of this node's users, as the author's home node
 * keeps it.
 *
 * @param id               this node's id for the request (the one to accept, refuse or revoke)
 * @param username         the author: the account on this node whose profile is asked for
 * @param fromNode         the id of the asking node, which signed the request
 * @param askerUsername    the asking user's username on that node
 * @param askerDisplayName the name the asking user goes by, as their node sent it
 * @param module           the module of the record the request is about
 * @param recordId         that record
 * @param state            where the request stands
 * @param received         when it arrived
 * @param answered         when the author last answered (accepted, refused or revoked), or null
 */
public record IncomingRequest(String id, String username, String fromNode, String askerUsername,
        String askerDisplayName, String module, String recordId, RequestState state, Instant received,
        Instant answered) {

    /** @return the asking user as {@code username@node} */
    public String asker() {
        return askerUsername + "@" + fromNode;
    }
}
