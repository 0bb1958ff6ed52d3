package org.dump.shell.internal;

import java.net.URI;
import java.net.URISyntaxException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.federation.Peering;

/** {@code dump:peer-add URL}: makes another node a peer of this one, and asks it to take this node in turn. */
@Service
@Command(scope = "dump", name = "peer-add", description = "Makes the node at URL a peer: reads its id and key from "
        + "URL/api/node, checks that the id belongs to the key, and pins that key. Then asks it to take this node as "
        + "its peer in turn (a peer accepts records only from its own peers) and says what it answered.")
public class PeerAddCommand implements Action {

    @Argument(index = 0, name = "url", required = true, description = "The node's address, e.g. http://localhost:8281/")
    String url;

    @Reference
    Peering peering;

    @Override
    public Object execute() throws URISyntaxException {
        PeerAnswers.print(peering.add(new URI(url.strip())), System.out);
        return null;
    }
}
