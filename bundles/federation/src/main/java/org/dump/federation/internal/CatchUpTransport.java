package org.dump.federation.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Where the requests of one catch-up go: a peer over HTTP in the node ({@link AntiEntropy}), the answering side
 * ({@link CatchUpEndpoints}) in memory in tests.
 */
@FunctionalInterface
interface CatchUpTransport {

    /**
     * Posts {@code body} to {@code endpoint} of the peer.
     *
     * @param endpoint the path below {@code /federation/}: {@code reconcile} or {@code versions}
     * @return the body of the peer's 200 answer when it comes; or the failure: a {@link PeerRefusal} for any other
     *         status, another {@link java.io.IOException} if no answer came within {@code bound}
     */
    CompletableFuture<byte[]> post(String endpoint, byte[] body, BoundedAnswer.Bound bound);
}
