package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.federation.PeerRequest;
import org.dump.federation.Peering;

/** Completes the node ids of the requests to be a peer that can be approved: pending and refused ones. */
@Service
public class PeerRequestCompleter implements Completer {

    @Reference
    Peering peering;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        peering.requests().stream().map(PeerRequest::nodeId).forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
