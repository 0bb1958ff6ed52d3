package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.federation.PeerDirectory;

/** {@code dump:peer-remove ID|URL}: forgets a peer, and with it its pinned key. */
@Service
@Command(scope = "dump", name = "peer-remove", description = "Removes a peer, named by its node id or address. Its "
        + "pinned key goes with it: adding it again pins the key it presents then.")
public class PeerRemoveCommand implements Action {

    @Argument(index = 0, name = "peer", required = true, description = "The peer's node id or address")
    @Completion(PeerCompleter.class)
    String peer;

    @Reference
    PeerDirectory peers;

    @Override
    public Object execute() {
        if (!peers.remove(peer.strip())) {
            throw new IllegalArgumentException("no peer " + peer + " (dump:peer-list shows them)");
        }
        System.out.println("Peer " + peer + " removed.");
        return null;
    }
}
