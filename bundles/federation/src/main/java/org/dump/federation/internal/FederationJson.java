package org.dump.federation.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The federation bundle's one {@link ObjectMapper}: thread-safe once configured, and costly to build, since each
 * mapper keeps its own caches of serializers.
 */
final class FederationJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private FederationJson() {
    }
}
