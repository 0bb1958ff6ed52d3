package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.dump.api.module.ModuleNamespace;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.FederationProtocol;
import org.dump.federation.PeerRefusedException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads another node's public front door, {@code GET /api/node}, and believes only what it can check: the answer
 * must be a small JSON object with an id, a valid Ed25519 key whose fingerprint is that id, and a list of modules.
 * Not final: the fuzz targets read front doors from memory ({@link #read} overridden), never from the network.
 */
class NodeFrontDoor {

    /** A front door answer is a few hundred bytes; more is not a DUMP node, or one that wants to waste our memory. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = FederationJson.MAPPER;
    static final Pattern MODULE_ID = Pattern.compile(ModuleNamespace.ID_PATTERN);

    private final PeerClient client;
    private final BoundedAnswer.Bound bound;

    /** @param timeout how long the whole answer may take */
    NodeFrontDoor(PeerClient client, Duration timeout) {
        this.client = client;
        this.bound = new BoundedAnswer.Bound(MAX_ANSWER_BYTES, timeout);
    }

    /** @throws PeerRefusedException with what went wrong, for the administrator */
    NodeCard read(URI base) {
        URI address = base.resolve("api/node");
        HttpResponse<byte[]> response;
        try {
            response = client.read(address.toString(), HttpRequest.newBuilder(address).timeout(bound.time())
                    .header("Accept", "application/json").GET().build(), bound);
        } catch (IOException e) {
            throw new PeerRefusedException("cannot reach " + address + ": " + ContactFailure.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerRefusedException("interrupted while contacting " + address);
        }
        if (response.statusCode() != 200) {
            throw new PeerRefusedException(address + " answered HTTP " + response.statusCode() + ": not a DUMP node?");
        }
        byte[] body = response.body();
        return card(address, body);
    }

    /** @throws PeerRefusedException if {@code body} is not a sound node card */
    static NodeCard card(URI address, byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new PeerRefusedException(address + " answered something that is not JSON: not a DUMP node");
        }
        if (node == null || !node.isObject() || !node.path("id").isTextual() || !node.path("publicKey").isTextual()
                || !node.path("modules").isArray()) {
            throw new PeerRefusedException(address + " answered JSON without id, publicKey and modules: not a DUMP node");
        }
        Ed25519PublicKey key;
        try {
            key = Ed25519PublicKey.fromBase64(node.path("publicKey").asText());
        } catch (IllegalArgumentException e) {
            throw new PeerRefusedException(address + " presents an invalid public key: not a DUMP node");
        }
        String id = node.path("id").asText();
        if (!key.fingerprint().equals(id)) {
            // Not quoted: the id is whatever the address answered (see ContactFailure).
            throw new PeerRefusedException(address + " claims an id that is not the fingerprint of its key "
                    + key.fingerprint() + ": refused");
        }
        int protocol = node.path("protocol").asInt(1);
        if (protocol != FederationProtocol.VERSION) {
            throw new PeerRefusedException(FederationProtocol.mismatch(address.toString(), protocol));
        }
        List<String> modules = new ArrayList<>();
        for (JsonNode module : node.path("modules")) {
            String moduleId = module.path("id").asText("");
            if (MODULE_ID.matcher(moduleId).matches()) {
                modules.add(moduleId + "@" + module.path("dataVersion").asText("0.0.0"));
            }
        }
        return new NodeCard(id, key.base64(), node.path("name").asText(""), node.path("version").asText(""), modules,
                node.path("relay").path("offered").asBoolean(false), statement(node.path("reachability")));
    }

    /** @return the address statement of a front door's {@code reachability}; null if none or not in form */
    private static AddressStatement statement(JsonNode reachability) {
        if (!reachability.path("address").isTextual() || !reachability.path("issued").canConvertToLong()
                || !reachability.path("addressSignature").isTextual()) {
            return null;
        }
        try {
            return new AddressStatement(URI.create(reachability.path("address").asText()),
                    reachability.path("issued").asLong(), reachability.path("addressSignature").asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
