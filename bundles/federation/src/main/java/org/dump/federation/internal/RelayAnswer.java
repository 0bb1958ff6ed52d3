package org.dump.federation.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What a relay answers to an HTTP request: a status, the headers to set (besides Content-Length, which the servlet
 * counts) and the body. Either its client's answer to a relayed request, or the relay's own JSON.
 */
record RelayAnswer(int status, Map<String, String> headers, byte[] body) {

    RelayAnswer {
        headers = Map.copyOf(headers);
    }

    /** @return a JSON answer of the relay's own */
    static RelayAnswer json(int status, Object body) {
        try {
            return new RelayAnswer(status, Map.of("content-type", "application/json;charset=utf-8"),
                    FederationJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a JSON refusal {@code {"message":…}} */
    static RelayAnswer message(int status, String message) {
        return json(status, Map.of("message", message));
    }
}
