package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;

/** Completes the ids of the profile requests that can still be answered: pending or granted ones. */
@Service
public class ProfileRequestCompleter implements Completer {

    @Reference
    ProfileGrants grants;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        grants.incomingForAll().stream().filter(request -> !request.state().isFinal()).map(IncomingRequest::id)
                .forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
