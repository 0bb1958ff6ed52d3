package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;

/** {@code dump:profile-refuse ID}: a user of this node says no to a request for their profile. */
@Service
@Command(scope = "dump", name = "profile-refuse", description = "Refuses a pending profile request, for the user "
        + "it was made to: the asking node learns that it was refused, and nothing else.")
public class ProfileRefuseCommand implements Action {

    @Argument(index = 0, name = "id", required = true,
            description = "The request's id, as dump:profile-requests shows it")
    @Completion(ProfileRequestCompleter.class)
    String id;

    @Reference
    ProfileGrants grants;

    @Override
    public Object execute() {
        IncomingRequest request = ProfileAnswers.answer(grants, id, grants::refuse);
        System.out.println("Request " + request.id() + " for " + request.username() + "'s profile refused; node "
                + request.fromNode() + " is told so.");
        return null;
    }
}
