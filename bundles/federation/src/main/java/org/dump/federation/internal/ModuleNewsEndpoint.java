package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.node.module.ModuleRegistry;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code POST /federation/modules} answers: a peer tells which modules it runs now ({@link ModuleNews}),
 * {@code {"modules":[{"id","dataVersion"}]}}, at most {@link #MAX_MODULES}. Only a peer, signed with its pinned key
 * (401 otherwise, and nothing changes), within its limits (429). A malformed body is refused (400), counted against
 * the peer, and changes nothing; a sound one replaces what the peer was known to run. If it now runs a module this
 * node runs and did not before, this node catches up with it at once.
 */
@Component(service = ModuleNewsEndpoint.class)
public final class ModuleNewsEndpoint {

    static final int MAX_MODULES = 64;

    /** What to answer: a status and a JSON body. */
    record Answer(int status, Map<String, String> body) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModuleNewsEndpoint.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final JpaPeerDirectory directory;
    private final ModuleRegistry modules;
    private final PeerLimits limits;
    /** What to do with a peer that now runs a module this node runs: catch up with it. */
    private final Consumer<String> catchUp;
    private final RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
    private final ReplayGuard replays;

    @Activate
    public ModuleNewsEndpoint(@Reference JpaPeerDirectory directory, @Reference ModuleRegistry modules,
            @Reference PeerLimits limits, @Reference AntiEntropy antiEntropy) {
        this(directory, modules, limits, antiEntropy::catchUpSoon);
    }

    ModuleNewsEndpoint(JpaPeerDirectory directory, ModuleRegistry modules, PeerLimits limits,
            Consumer<String> catchUp) {
        this.directory = directory;
        this.modules = modules;
        this.limits = limits;
        this.catchUp = catchUp;
        this.replays = limits.replayGuard("module-news");
    }

    /** @param target the request's full URI, as the sender signed it */
    Answer answer(Function<String, String> headers, String method, URI target, byte[] body, String remote) {
        String sender;
        try {
            RequestSignatures.Claim claim = signatures.check(headers, method, target, body, this::pinnedKey);
            sender = claim.nodeId();
            Optional<PeerLimits.Excess> excess = limits.admit(sender, body.length);
            if (excess.isPresent()) {
                if (excess.get().toReport() > 0) {
                    LOG.warn("Peer {} sends {}: {} request(s) refused with 429 since the last report", sender,
                            excess.get().reason(), excess.get().toReport());
                    directory.misbehaved(sender, excess.get().toReport(), "sent " + excess.get().reason());
                }
                return answer(429, "this peer sends " + excess.get().reason());
            }
            // Only now: a request refused for its rate takes no room among the nonces.
            RequestSignatures.remember(claim, replays);
        } catch (RequestSignatures.Refused refused) {
            LOG.warn("Module news from {} refused: {}", remote, refused.getMessage());
            return answer(401, refused.getMessage());
        }
        List<String> running;
        try {
            running = modulesOf(body);
        } catch (IOException | IllegalArgumentException malformed) {
            LOG.warn("Peer {} sent malformed module news: {}", sender, malformed.getMessage());
            directory.misbehaved(sender, 1, "sent malformed module news: " + malformed.getMessage());
            return answer(400, "not module news: " + malformed.getMessage());
        }
        List<String> before = directory.find(sender).map(Peer::modules).orElse(List.of());
        directory.runs(sender, running);
        if (running.stream().anyMatch(module -> !before.contains(module) && runsHere(module))) {
            catchUp.accept(sender);
        }
        LOG.debug("Peer {} runs {} now", sender, running);
        return answer(200, "noted");
    }

    /** @return the modules a body names, as id@dataVersion; @throws for anything but sound module news */
    static List<String> modulesOf(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject() || !root.path("modules").isArray()) {
            throw new IllegalArgumentException("a JSON object with an array \"modules\" is expected");
        }
        if (root.path("modules").size() > MAX_MODULES) {
            throw new IllegalArgumentException("more than " + MAX_MODULES + " modules");
        }
        List<String> running = new ArrayList<>();
        for (JsonNode module : root.path("modules")) {
            String id = module.path("id").asText("");
            String dataVersion = module.path("dataVersion").asText("");
            if (!module.path("id").isTextual() || !NodeFrontDoor.MODULE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a module id: " + abbreviate(module.path("id").toString()));
            }
            try {
                Version.parseVersion(dataVersion);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("module " + id + ": not a data version: " + abbreviate(dataVersion));
            }
            if (!module.path("dataVersion").isTextual() || dataVersion.isEmpty()) {
                throw new IllegalArgumentException("module " + id + " has no data version");
            }
            running.add(id + "@" + dataVersion);
        }
        return running.stream().distinct().toList();
    }

    private boolean runsHere(String module) {
        int at = module.indexOf('@');
        return DataVersions.runsHere(modules, module.substring(0, at), module.substring(at + 1));
    }

    private Optional<Ed25519PublicKey> pinnedKey(String nodeId) {
        return directory.find(nodeId).filter(peer -> peer.nodeId().equals(nodeId)).map(Peer::publicKey)
                .map(Ed25519PublicKey::fromBase64);
    }

    private static Answer answer(int status, String message) {
        return new Answer(status, Map.of("message", message));
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
