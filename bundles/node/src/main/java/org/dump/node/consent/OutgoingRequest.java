package org.dump.node.consent;

import java.time.Instant;

/**
 * A request of one of this node's users for the profile of a record's author, as the asking node keeps it. It
 * names the author only as the home node and the author's pseudonym in the record's module: what the record
 * itself says.
 *
 * @param id        the request's id, also on the wire
 * @param username  the asking user, on this node
 * @param homeNode  the id of the node where the author's account is (the record's origin)
 * @param module    the module of the record
 * @param recordId  the record the user asked about
 * @param author    the author's pseudonym in that module
 * @param state     where the request stands
 * @param delivered whether the home node has received the request (until then it is retried)
 * @param created   when the user asked
 * @param updated   when the state last changed
 */
public record OutgoingRequest(String id, String username, String homeNode, String module, String recordId,
        String author, RequestState state, boolean delivered, Instant created, Instant updated) {
}
