package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;

/** {@code dump:profile-revoke ID}: a user of this node takes back a granted profile. */
@Service
@Command(scope = "dump", name = "profile-revoke", description = "Takes back a granted profile, for the user who "
        + "granted it: the asking node is told to delete its copy.")
public class ProfileRevokeCommand implements Action {

    @Argument(index = 0, name = "id", required = true,
            description = "The request's id, as dump:profile-requests shows it")
    @Completion(ProfileRequestCompleter.class)
    String id;

    @Reference
    ProfileGrants grants;

    @Override
    public Object execute() {
        IncomingRequest request = ProfileAnswers.answer(grants, id, grants::revoke);
        System.out.println("Grant " + request.id() + " of " + request.username() + "'s profile revoked: node "
                + request.fromNode() + " is told to delete its copy.");
        return null;
    }
}
