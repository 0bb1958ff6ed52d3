package org.dump.node.consent;

import java.util.List;
import java.util.Optional;

import org.dump.node.account.Avatar;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The asking side of profiles by consent: users of this node ask for the profiles of the authors of records that
 * other nodes wrote, follow their requests, and see what was granted to them, and only to them.
 */
@ProviderType
public interface ProfileRequests {

    /**
     * What {@link #ask} did.
     *
     * @param request the request
     * @param isNew   false when the user had asked already and that request is still pending or granted
     */
    record Asked(OutgoingRequest request, boolean isNew) {
    }

    /**
     * Asks for the profile of the author of record {@code recordId} of {@code module}, as this node holds it. The
     * request is stored and sent to the record's origin, the author's home node, now or as soon as it can be
     * reached.
     *
     * @throws org.dump.node.account.InvalidInputException if the module or record id is malformed
     * @throws ConsentException NOT_FOUND if this node holds no such record, CONFLICT if the record has no author,
     *                          was written on this node, or comes from a node that is not a peer
     * @throws org.dump.node.account.UnknownAccountException if there is no such user
     */
    Asked ask(String username, String module, String recordId);

    /** @return the requests {@code username} made, newest first */
    List<OutgoingRequest> outgoing(String username);

    /** @return the profiles granted to {@code username}, most recently received first */
    List<GrantedProfile> granted(String username);

    /** @return the avatar of the profile granted to {@code username} through request {@code requestId}, if any */
    Optional<Avatar> grantedAvatar(String username, String requestId);
}
