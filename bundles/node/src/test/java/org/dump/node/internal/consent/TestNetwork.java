package org.dump.node.internal.consent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.node.consent.ConsentCourier;
import org.dump.node.consent.ConsentDeliveryException;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.MessageKind;

/**
 * Nodes of one test, joined in process: a courier hands a message straight to the receiving node's inbox, as
 * federation would after checking the signature. Nodes can be peers or not, and go offline. Every message that
 * was handed over is kept, to check what travelled.
 */
final class TestNetwork {

    /** A message as it travelled. */
    record Sent(String from, String to, MessageKind kind, String body) {
    }

    private final Map<String, ConsentNode> nodes = new ConcurrentHashMap<>();
    private final Set<String> peerships = ConcurrentHashMap.newKeySet();
    private final Set<String> offline = ConcurrentHashMap.newKeySet();
    private final List<Sent> sent = new ArrayList<>();

    void join(ConsentNode node) {
        nodes.put(node.id(), node);
    }

    void makePeers(ConsentNode a, ConsentNode b) {
        peerships.add(a.id() + ">" + b.id());
        peerships.add(b.id() + ">" + a.id());
    }

    void offline(ConsentNode node, boolean isOffline) {
        if (isOffline) {
            offline.add(node.id());
        } else {
            offline.remove(node.id());
        }
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized List<Sent> sentTo(ConsentNode node) {
        return sent.stream().filter(message -> message.to().equals(node.id())).toList();
    }

    ConsentCourier courierOf(ConsentNode from) {
        return new ConsentCourier() {
            @Override
            public boolean reaches(String nodeId) {
                return peerships.contains(from.id() + ">" + nodeId);
            }

            @Override
            public void deliver(String nodeId, MessageKind kind, byte[] body) throws ConsentDeliveryException {
                ConsentNode to = nodes.get(nodeId);
                if (to == null || offline.contains(nodeId)) {
                    throw new ConsentDeliveryException("cannot reach node " + nodeId, false);
                }
                if (!reaches(nodeId)) {
                    throw new ConsentDeliveryException("node " + nodeId + " answered 401: not a peer", false);
                }
                synchronized (TestNetwork.this) {
                    sent.add(new Sent(from.id(), nodeId, kind, new String(body, StandardCharsets.UTF_8)));
                }
                try {
                    to.reception().receive(from.id(), kind, body);
                } catch (ConsentMessageRefusedException e) {
                    throw new ConsentDeliveryException(e.getMessage(), true);
                }
            }
        };
    }

    /** Delivers what is due on every node until nothing more moves. */
    void settle() {
        for (int round = 0; round < 10; round++) {
            int moved = 0;
            for (ConsentNode node : new HashSet<>(nodes.values())) {
                moved += node.deliverDue();
            }
            if (moved == 0) {
                return;
            }
        }
    }
}
