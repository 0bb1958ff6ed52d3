package org.dump.node.internal.consent;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

import org.dump.api.module.ModuleNamespace;
import org.dump.node.account.Avatar;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.Profile;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.ConsentMessageRefusedException.Reason;
import org.dump.node.consent.RequestState;
import org.dump.node.internal.account.AccountRules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON of consent messages between nodes, and the checks every received one passes before anything is
 * stored. The asking node is never named in a body: it is the node that signed the request. A request names the
 * author only by the record's module and the author's pseudonym there; an answer carries the profile only when it
 * grants.
 *
 * <pre>
 * request: {"requestId","module","recordId","author","asker":{"username","displayName"}}
 * answer:  {"requestId","version","state":"granted|refused|revoked",
 *           "profile":{"displayName","email","bio","updated","avatar":{"mediaType","data"}}}   (profile: granted only)
 * </pre>
 */
final class ConsentWire {

    /** Avatars above this size travel without their image: the body must stay below the endpoint's limit. */
    static final int MAX_AVATAR_BYTES = 5 * 1024 * 1024;

    private static final Pattern ID = Pattern.compile("[a-z2-7]{26}");
    private static final Pattern NODE = Pattern.compile("[a-z2-7]{32}");
    private static final Pattern PSEUDONYM = Pattern.compile("[a-z2-7]{1,64}");
    private static final Pattern MODULE = Pattern.compile(ModuleNamespace.ID_PATTERN);

    private static final ObjectMapper JSON = JsonMapper.builder()
            // Later versions may add fields; what this version needs is checked field by field.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    record Asker(String username, String displayName) {
    }

    record RequestMessage(String requestId, String module, String recordId, String author, Asker asker) {
    }

    record WireAvatar(String mediaType, String data) {
    }

    record WireProfile(String displayName, String email, String bio, String updated, WireAvatar avatar) {
    }

    record AnswerMessage(String requestId, Long version, String state, WireProfile profile) {

        RequestState requestState() {
            return RequestState.ofLabel(state);
        }

        /** @return the profile it grants, with the owner's username left out (the asking node never learns it) */
        Profile grantedProfile() {
            return new Profile(null, profile.displayName(), profile.email(), profile.bio(),
                    profile.avatar() == null ? null : profile.avatar().mediaType(), Instant.parse(profile.updated()));
        }

        /** @return the avatar it grants, if any */
        Avatar grantedAvatar() {
            WireAvatar avatar = profile.avatar();
            return avatar == null ? null : new Avatar(avatar.mediaType(), Base64.getDecoder().decode(avatar.data()));
        }
    }

    private ConsentWire() {
    }

    static boolean isNodeId(String nodeId) {
        return nodeId != null && NODE.matcher(nodeId).matches();
    }

    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static byte[] request(String requestId, String module, String recordId, String author, String askerUsername,
            String askerDisplayName) {
        return write(new RequestMessage(requestId, module, recordId, author, new Asker(askerUsername, askerDisplayName)));
    }

    static byte[] refusal(String requestId, long version) {
        return write(new AnswerMessage(requestId, version, RequestState.REFUSED.label(), null));
    }

    static byte[] revocation(String requestId, long version) {
        return write(new AnswerMessage(requestId, version, RequestState.REVOKED.label(), null));
    }

    /** @param avatar the owner's avatar, or null; left out above {@link #MAX_AVATAR_BYTES} */
    static byte[] grant(String requestId, long version, Profile profile, Avatar avatar) {
        WireAvatar image = avatar == null || avatar.image().length > MAX_AVATAR_BYTES ? null
                : new WireAvatar(avatar.mediaType(), Base64.getEncoder().encodeToString(avatar.image()));
        return write(new AnswerMessage(requestId, version, RequestState.GRANTED.label(),
                new WireProfile(profile.displayName(), profile.email(), profile.bio(), profile.updated().toString(),
                        image)));
    }

    /** @throws ConsentMessageRefusedException MALFORMED unless {@code body} is a well-formed request */
    static RequestMessage readRequest(byte[] body) {
        RequestMessage request = read(body, RequestMessage.class);
        check(isId(request.requestId()), "requestId", "is not a request id");
        check(request.module() != null && MODULE.matcher(request.module()).matches(), "module", "is not a module id");
        check(isId(request.recordId()), "recordId", "is not a record id");
        check(request.author() != null && PSEUDONYM.matcher(request.author()).matches(), "author",
                "is not an author pseudonym");
        check(request.asker() != null, "asker", "is missing");
        try {
            return new RequestMessage(request.requestId(), request.module(), request.recordId(), request.author(),
                    new Asker(AccountRules.username(request.asker().username()),
                            AccountRules.displayName(request.asker().displayName())));
        } catch (InvalidInputException e) {
            throw malformed("asker." + e.field(), "breaks the rules of its field");
        }
    }

    /** @throws ConsentMessageRefusedException MALFORMED unless {@code body} is a well-formed answer */
    static AnswerMessage readAnswer(byte[] body) {
        AnswerMessage answer = read(body, AnswerMessage.class);
        check(isId(answer.requestId()), "requestId", "is not a request id");
        check(answer.version() != null && answer.version() > 0, "version", "is not a positive number");
        RequestState state = answer.requestState();
        check(state != null && state != RequestState.PENDING, "state", "is not granted, refused or revoked");
        if (state != RequestState.GRANTED) {
            // A refusal or revocation says that and nothing else.
            check(answer.profile() == null, "profile", "comes only with a grant");
            return answer;
        }
        WireProfile profile = answer.profile();
        check(profile != null, "profile", "is missing from a grant");
        WireProfile checked;
        try {
            checked = new WireProfile(AccountRules.displayName(profile.displayName()),
                    AccountRules.email(profile.email()), AccountRules.bio(profile.bio(), AccountRules.MAX_BIO_STORED),
                    Instant.parse(String.valueOf(profile.updated())).toString(), checkedAvatar(profile.avatar()));
        } catch (InvalidInputException e) {
            // Never the value itself: the sender logs this answer, and the value is someone's profile.
            throw malformed("profile." + e.field(), "breaks the rules of a profile");
        } catch (DateTimeParseException e) {
            throw malformed("profile.updated", "is not a time");
        }
        return new AnswerMessage(answer.requestId(), answer.version(), answer.state(), checked);
    }

    private static WireAvatar checkedAvatar(WireAvatar avatar) {
        if (avatar == null) {
            return null;
        }
        check(avatar.mediaType() != null && avatar.mediaType().length() <= 40, "profile.avatar.mediaType",
                "is missing or too long");
        try {
            Base64.getDecoder().decode(String.valueOf(avatar.data()));
        } catch (IllegalArgumentException e) {
            throw malformed("profile.avatar.data", "is not base64");
        }
        return avatar;
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            T message = JSON.readValue(body, type);
            if (message == null) {
                throw malformed("body", "is null");
            }
            return message;
        } catch (IOException e) {
            // The parser's own message quotes the body: not for a log on either side.
            throw new ConsentMessageRefusedException(Reason.MALFORMED, "not a consent message: the body is not JSON"
                    + " of the expected shape");
        }
    }

    private static byte[] write(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("consent messages are plain records", e);
        }
    }

    private static void check(boolean fine, String field, String problem) {
        if (!fine) {
            throw malformed(field, problem);
        }
    }

    private static ConsentMessageRefusedException malformed(String field, String problem) {
        return new ConsentMessageRefusedException(Reason.MALFORMED, "field '" + field + "' " + problem);
    }
}
