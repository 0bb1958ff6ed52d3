package org.dump.web.internal.rest;

import java.time.Instant;
import java.util.List;

import org.dump.node.consent.GrantedProfile;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.OutgoingRequest;

/**
 * The JSON bodies of profiles by consent ({@code /api/me/profile-requests}, {@code /api/me/granted-profiles}).
 * Field names are part of the API. A request names the author only as its record does (home node and
 * pseudonym); only a granted profile carries who the author is.
 */
final class ConsentViews {

    private ConsentViews() {
    }

    /** {@code POST /api/me/profile-requests}: the record whose author's profile is asked for. */
    record Ask(String module, String recordId) {
    }

    record Outgoing(String id, String module, String recordId, String node, String author, String state,
            boolean delivered, String created, String updated) {

        static Outgoing of(OutgoingRequest request) {
            return new Outgoing(request.id(), request.module(), request.recordId(), request.homeNode(),
                    request.author(), request.state().label(), request.delivered(), request.created().toString(),
                    request.updated().toString());
        }
    }

    record OutgoingList(List<Outgoing> requests) {
    }

    /** Who asks: a user of another node. */
    record Asker(String username, String node, String displayName) {
    }

    record Incoming(String id, Asker asker, String module, String recordId, String state, String received,
            String answered) {

        static Incoming of(IncomingRequest request) {
            return new Incoming(request.id(), new Asker(request.askerUsername(), request.fromNode(),
                    request.askerDisplayName()), request.module(), request.recordId(), request.state().label(),
                    request.received().toString(), text(request.answered()));
        }
    }

    record IncomingList(List<Incoming> requests) {
    }

    record Granted(String requestId, String node, String module, String recordId, String displayName, String email,
            String bio, String avatar, String updated, String received) {

        static Granted of(GrantedProfile profile) {
            return new Granted(profile.requestId(), profile.homeNode(), profile.module(), profile.recordId(),
                    profile.displayName(), profile.email(), profile.bio(),
                    profile.hasAvatar() ? "/api/me/granted-profiles/" + profile.requestId() + "/avatar" : null,
                    profile.updated().toString(), profile.received().toString());
        }
    }

    record GrantedList(List<Granted> profiles) {
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
