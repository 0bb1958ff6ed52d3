package org.dump.shell.internal;

import java.util.function.BiFunction;

import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.ProfileGrants;

/**
 * What the answering commands share. The shell is the administrator's: an answer given there is given for the user
 * the request was made to, and the output says whose it was.
 */
final class ProfileAnswers {

    private ProfileAnswers() {
    }

    /**
     * @param answer e.g. {@code grants::accept}, called with the request's user and id
     * @throws IllegalArgumentException if there is no such request
     */
    static IncomingRequest answer(ProfileGrants grants, String id,
            BiFunction<String, String, IncomingRequest> answer) {
        String trimmed = id.strip();
        IncomingRequest request = grants.find(trimmed).orElseThrow(() -> new IllegalArgumentException(
                "no profile request " + trimmed + " (dump:profile-requests lists them)"));
        return answer.apply(request.username(), trimmed);
    }
}
