package org.dump.federation.internal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that a relay holds for one of its clients, as the client gets it in the answer to its poll (protocol
 * §13): the method, the raw path and query after {@code /relay/<id>}, the request headers that pass
 * ({@link RelayHeaders#REQUEST}, names in lower case) and the body.
 *
 * @param id a random id of 26 characters {@code [a-z2-7]}, by which the client answers it
 */
record RelayedRequest(String id, String method, String path, Map<String, String> headers, byte[] body) {

    RelayedRequest {
        headers = Map.copyOf(headers);
    }

    /** @return the object of this request in a poll's answer: {@code {"id","method","path","headers","body"}} */
    Map<String, Object> wire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", id);
        wire.put("method", method);
        wire.put("path", path);
        wire.put("headers", new java.util.TreeMap<>(headers));
        wire.put("body", Base64.getEncoder().encodeToString(body));
        return wire;
    }
}
