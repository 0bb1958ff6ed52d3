package org.dump.federation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The node-to-node endpoint {@code POST /federation/records}: a peer pushes records. The request must be signed
 * by a peer ({@link RequestSignatures}); its body is read up to {@link #MAX_BODY_BYTES} and no further. Records of
 * modules this node does not run (compatibly) are not taken; the others are taken if they verify against their
 * origin's key, and what is new here goes on to the other peers.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dump-federation")
@HttpWhiteboardServletPattern("/federation/*")
public final class FederationServlet extends HttpServlet {

    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FederationServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient PeerDirectory peers;
    private final transient RecordIngest ingest;
    private final transient ModuleRegistry modules;
    private final transient RecordPush push;
    private final transient RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
    private final transient ReplayGuard replays = new ReplayGuard(Clock.systemUTC(), 100_000);

    @Activate
    public FederationServlet(@Reference PeerDirectory peers, @Reference RecordIngest ingest,
            @Reference ModuleRegistry modules, @Reference RecordPush push) {
        this.peers = peers;
        this.ingest = ingest;
        this.modules = modules;
        this.push = push;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/records".equals(request.getPathInfo())) {
            answer(response, 404, new Message("no such federation endpoint"));
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            answer(response, 413, new Message("at most " + MAX_BODY_BYTES + " bytes per request"));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            answer(response, 413, new Message("at most " + MAX_BODY_BYTES + " bytes per request"));
            return;
        }
        String sender;
        try {
            sender = signatures.verify(request::getHeader, request.getMethod(), targetOf(request), body,
                    this::pinnedKey, replays);
        } catch (RequestSignatures.Refused refused) {
            LOG.warn("Federation request from {} refused: {}", request.getRemoteAddr(), refused.getMessage());
            answer(response, 401, new Message(refused.getMessage()));
            return;
        }
        WireRecords.Batch batch;
        try {
            batch = WireRecords.decode(body);
        } catch (IOException malformed) {
            peers.exchanged(sender, 0, 0, "sent a malformed batch: " + malformed.getMessage());
            answer(response, 400, new Message(malformed.getMessage()));
            return;
        }
        List<SignedRecord> wanted = new ArrayList<>();
        int notRunHere = 0;
        for (SignedRecord record : batch.records()) {
            if (DataVersions.runsHere(modules, record.module(), record.dataVersion())) {
                wanted.add(record);
            } else {
                notRunHere++;
            }
        }
        RecordIngest.Report report = ingest.ingest(wanted, origin -> Optional.ofNullable(batch.originKeys().get(origin)));
        for (RecordIngest.Refusal refusal : report.refused()) {
            LOG.warn("Record {} of origin {} from peer {} refused: {}", refusal.id(), refusal.origin(), sender,
                    refusal.reason());
        }
        peers.exchanged(sender, report.stored().size(), 0, report.refused().isEmpty() ? null
                : report.refused().size() + " record(s) refused, e.g. " + report.refused().get(0).reason());
        push.forward(report.stored(), batch.originKeys(), sender);
        answer(response, 200, new Outcome(report.stored().size(), report.duplicates(), notRunHere,
                report.refused().stream().map(r -> r.id() + ": " + r.reason()).toList()));
    }

    private Optional<Ed25519PublicKey> pinnedKey(String nodeId) {
        return peers.find(nodeId).map(Peer::publicKey).map(Ed25519PublicKey::fromBase64);
    }

    private static URI targetOf(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        if (request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        return URI.create(url.toString());
    }

    private static void answer(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** An error. */
    record Message(String message) {
    }

    /** What became of a pushed batch. */
    record Outcome(int stored, int duplicates, int notRunHere, List<String> refused) {

        Outcome {
            refused = refused == null ? Collections.emptyList() : List.copyOf(refused);
        }
    }
}
