package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;

/** {@code dump:profile-requests [USER]}: what users of other nodes asked of this node's users' profiles. */
@Service
@Command(scope = "dump", name = "profile-requests", description = "Lists the requests of other nodes' users for the "
        + "profiles of this node's users, newest first: all of them, or those for USER's profile.")
public class ProfileRequestsCommand implements Action {

    @Argument(index = 0, name = "user", required = false, description = "Only the requests for this user's profile")
    @Completion(UsernameCompleter.class)
    String user;

    @Reference
    ProfileGrants grants;

    @Override
    public Object execute() {
        List<IncomingRequest> requests = user == null ? grants.incomingForAll() : grants.incoming(user.strip());
        if (requests.isEmpty()) {
            System.out.println(user == null ? "No profile requests." : "No profile requests for " + user.strip() + ".");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("For");
        table.column("From");
        table.column("Asker's name");
        table.column("Module");
        table.column("Record");
        table.column("State");
        table.column("Received");
        for (IncomingRequest request : requests) {
            table.addRow().addContent(request.id(), request.username(), request.asker(), request.askerDisplayName(),
                    request.module(), request.recordId(), request.state().label(), request.received());
        }
        table.print(System.out);
        return null;
    }
}
