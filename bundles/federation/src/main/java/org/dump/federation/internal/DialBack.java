package org.dump.federation.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.dump.federation.PeerRefusedException;

/**
 * {@code POST /relay/dial-back} (protocol §13): a node asks whether it can be reached at an address, and this node
 * reads that address's front door to tell it. The answer says only whether the front door there presents the asking
 * node, and else why not, so that it is no better for scanning than trying by hand; and it is limited, one at a time
 * per signer and {@link #AT_ONCE} in all, so that this node cannot be made to knock on many doors.
 */
final class DialBack {

    /** Dial-backs under way at once, from all signers. */
    static final int AT_ONCE = 4;

    private final Function<URI, NodeCard> frontDoors;
    private final Executor executor;
    private final Semaphore places = new Semaphore(AT_ONCE);
    private final Set<String> signers = ConcurrentHashMap.newKeySet();

    /**
     * @param frontDoors reads a base URL's front door ({@link NodeFrontDoor#read}, bounded in time and bytes);
     *                   throws {@link PeerRefusedException} saying why it cannot
     * @param executor   where the front doors are read, so that no thread of the web server waits for them
     */
    DialBack(Function<URI, NodeCard> frontDoors, Executor executor) {
        this.frontDoors = frontDoors;
        this.executor = executor;
    }

    /**
     * @param signer the node that asks, its signature checked
     * @param url    the base URL where it thinks it can be reached, absolute http or https
     * @return 200 {@code {"reachable","message"}} when read
     * @throws RelayRefusal 429 if {@code signer} has a dial-back under way, or {@link #AT_ONCE} are
     */
    CompletableFuture<RelayAnswer> check(String signer, URI url) throws RelayRefusal {
        if (!signers.add(signer)) {
            throw new RelayRefusal(429, "node " + signer + " has a dial-back under way already", 5);
        }
        if (!places.tryAcquire()) {
            signers.remove(signer);
            throw new RelayRefusal(429, "this node makes as many dial-backs as it takes at once; try again later", 5);
        }
        try {
            return CompletableFuture.supplyAsync(() -> read(signer, url), executor).whenComplete((answer, failure) -> {
                signers.remove(signer);
                places.release();
            });
        } catch (RejectedExecutionException stopping) {
            signers.remove(signer);
            places.release();
            throw new RelayRefusal(503, "this node is stopping", 5);
        }
    }

    private RelayAnswer read(String signer, URI url) {
        NodeCard card;
        try {
            card = frontDoors.apply(url);
        } catch (PeerRefusedException | IllegalArgumentException unreachable) {
            return outcome(false, unreachable.getMessage());
        }
        if (!card.id().equals(signer)) {
            return outcome(false, url + " presents another node, " + card.id() + ", not " + signer);
        }
        return outcome(true, "node " + signer + " answers at " + url);
    }

    private static RelayAnswer outcome(boolean reachable, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reachable", reachable);
        body.put("message", message);
        return RelayAnswer.json(200, body);
    }
}
