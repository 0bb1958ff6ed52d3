package org.dump.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dump.node.consent.ConsentException;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;
import org.dump.node.consent.RequestState;

/**
 * Incoming profile requests kept in a list, for testing what the commands do with the service; the service itself
 * is tested in the node bundle, and with these commands in ProfileConsentIT.
 */
final class InMemoryGrants implements ProfileGrants {

    final List<IncomingRequest> requests = new ArrayList<>();

    IncomingRequest add(String id, String username, RequestState state) {
        IncomingRequest request = new IncomingRequest(id, username, "ynodeynodeynodeynodeynodeynodeyn", "stephanie",
                "Stephanie Kwolek", "market", "r".repeat(26), state, Instant.parse("2026-11-22T10:00:00Z"), null);
        requests.add(0, request);
        return request;
    }

    @Override
    public List<IncomingRequest> incoming(String username) {
        return requests.stream().filter(request -> request.username().equals(username)).toList();
    }

    @Override
    public List<IncomingRequest> incomingForAll() {
        return List.copyOf(requests);
    }

    @Override
    public Optional<IncomingRequest> find(String id) {
        return requests.stream().filter(request -> request.id().equals(id)).findFirst();
    }

    @Override
    public IncomingRequest accept(String username, String id) {
        return move(username, id, RequestState.PENDING, RequestState.GRANTED);
    }

    @Override
    public IncomingRequest refuse(String username, String id) {
        return move(username, id, RequestState.PENDING, RequestState.REFUSED);
    }

    @Override
    public IncomingRequest revoke(String username, String id) {
        return move(username, id, RequestState.GRANTED, RequestState.REVOKED);
    }

    private IncomingRequest move(String username, String id, RequestState from, RequestState to) {
        IncomingRequest request = find(id).filter(r -> r.username().equals(username))
                .orElseThrow(() -> new ConsentException(ConsentException.Reason.NOT_FOUND, "no request " + id));
        if (request.state() != from) {
            throw new ConsentException(ConsentException.Reason.CONFLICT, "profile request " + id + " is "
                    + request.state().label());
        }
        IncomingRequest moved = new IncomingRequest(id, username, request.fromNode(), request.askerUsername(),
                request.askerDisplayName(), request.module(), request.recordId(), to, request.received(),
                Instant.parse("2026-11-22T11:00:00Z"));
        requests.set(requests.indexOf(request), moved);
        return moved;
    }
}
