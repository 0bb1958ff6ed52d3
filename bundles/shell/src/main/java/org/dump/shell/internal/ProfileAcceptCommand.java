package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;

/** {@code dump:profile-accept ID}: a user of this node says yes to a request for their profile. */
@Service
@Command(scope = "dump", name = "profile-accept", description = "Accepts a pending profile request, for the user "
        + "it was made to: the profile goes to the asking node, for the asking user only, and later changes follow "
        + "it.")
public class ProfileAcceptCommand implements Action {

    @Argument(index = 0, name = "id", required = true,
            description = "The request's id, as dump:profile-requests shows it")
    @Completion(ProfileRequestCompleter.class)
    String id;

    @Reference
    ProfileGrants grants;

    @Override
    public Object execute() {
        IncomingRequest request = ProfileAnswers.answer(grants, id, grants::accept);
        System.out.println("Request " + request.id() + " for " + request.username()
                + "'s profile accepted: the profile goes to " + request.asker() + ".");
        return null;
    }
}
