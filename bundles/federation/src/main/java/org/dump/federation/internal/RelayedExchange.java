package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request a relay hands to this node over its attach poll, and this node's answer to it (protocol §13), as they
 * travel between relay and client: JSON with the body in base64. Only the headers of {@link RelayHeaders} pass, both
 * ways: the relay filters them, and so does this node, which does not trust the relay to.
 */
final class RelayedExchange {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
    private static final Pattern ID = Pattern.compile("[a-z2-7]{8,64}");
    /** A path on this node: absolute, no authority, no dot segments, no escapes of '/' games. */
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

    private RelayedExchange() {
    }

    /** This node's answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * @return the requests of an attach poll's answer
     * @throws IllegalArgumentException naming what is wrong: the relay sent something this node does not take
     */
    static List<RelayedRequest> requests(JsonNode answer) {
        if (answer == null || !answer.path("requests").isArray()) {
            throw new IllegalArgumentException("an attach answer is {\"requests\":[…]}");
        }
        List<RelayedRequest> requests = new ArrayList<>();
        for (JsonNode each : answer.path("requests")) {
            String id = each.path("id").asText("");
            String method = each.path("method").asText("").toUpperCase(Locale.ROOT);
            String path = each.path("path").asText("");
            if (!ID.matcher(id).matches() || !METHODS.contains(method) || !PATH.matcher(path).matches()
                    || path.contains("/../") || path.endsWith("/..") || path.startsWith("//")) {
                throw new IllegalArgumentException("a relayed request needs an id, GET, HEAD or POST, and a path: "
                        + abbreviated(each.toString()));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            each.path("headers").fields().forEachRemaining(header -> {
                if (header.getValue().isTextual()) {
                    headers.put(header.getKey(), header.getValue().asText());
                }
            });
            byte[] body = Base64.getDecoder().decode(each.path("body").asText(""));
            requests.add(new RelayedRequest(id, method, path, RelayHeaders.keep(RelayHeaders.REQUEST, headers), body));
        }
        return requests;
    }

    /** @return the body of {@code POST /relay/answer} for {@code answer} to the request {@code id} */
    static Map<String, Object> answerBody(String id, Answer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", answer.status());
        body.put("headers", answer.headers());
        body.put("body", Base64.getEncoder().encodeToString(answer.body()));
        return body;
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
