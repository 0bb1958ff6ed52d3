package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;

/** Completes the node ids of this node's peers. */
@Service
public class PeerCompleter implements Completer {

    @Reference
    PeerDirectory peers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        peers.list().stream().map(Peer::nodeId).forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
