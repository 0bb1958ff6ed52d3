package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tells this node's peers at once when it starts or stops running a module: a signed
 * {@code POST /federation/modules} to each, {@code {"modules":[{"id","dataVersion"}]}}, every module it runs now
 * ({@link ModuleNewsEndpoint} takes it in). Without it they would learn it at their next reading of its front door,
 * up to 30 s later, and push it nothing meanwhile. A module it starts running is also caught up on with the peers
 * that run it, at once. A peer that misses the news learns it at that next reading all the same.
 */
@Component(service = ModuleNews.class, immediate = true)
public final class ModuleNews {

    static final String PATH = "federation/modules";
    /** Bundle events come in bursts (install, resolve, start): the modules are compared once the burst is over. */
    private static final long SETTLE_MILLIS = 300;
    /** The answer is a status and at most a short message. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(64 * 1024, Duration.ofSeconds(10));
    private static final Logger LOG = LoggerFactory.getLogger(ModuleNews.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final BundleContext context;
    private final ModuleRegistry modules;
    private final PeerDirectory peers;
    private final PeerStanding standing;
    private final PeerClient client;
    /** What to do with a module this node now runs: catch up on it with the peers that run it. */
    private final Consumer<String> started;
    private final AtomicBoolean checkPending = new AtomicBoolean();
    private final BundleListener listener = this::bundleChanged;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread daemon = new Thread(r, "dump-module-news");
        daemon.setDaemon(true);
        return daemon;
    });
    /** What this node ran when it last told its peers (or started): id@dataVersion. */
    private Set<String> told;

    @Activate
    public ModuleNews(BundleContext context, @Reference ModuleRegistry modules, @Reference PeerDirectory peers,
            @Reference PeerStanding standing, @Reference PeerClient client, @Reference AntiEntropy antiEntropy) {
        this(context, modules, peers, standing, client, antiEntropy::catchUpSoonOn);
    }

    /** @param context where bundles are followed, or null to look only when {@link #check} is called */
    ModuleNews(BundleContext context, ModuleRegistry modules, PeerDirectory peers, PeerStanding standing,
            PeerClient client, Consumer<String> started) {
        this.context = context;
        this.modules = modules;
        this.peers = peers;
        this.standing = standing;
        this.client = client;
        this.started = started;
        // Peers read what runs now from the front door when they add this node, and every 30 s.
        this.told = running();
        if (context != null) {
            context.addBundleListener(listener);
        }
    }

    @Deactivate
    void stop() {
        if (context != null) {
            context.removeBundleListener(listener);
        }
        thread.shutdownNow();
    }

    private void bundleChanged(BundleEvent event) {
        int type = event.getType();
        if ((type == BundleEvent.STARTED || type == BundleEvent.STOPPED || type == BundleEvent.UNINSTALLED
                || type == BundleEvent.UPDATED) && checkPending.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.schedule(() -> {
                checkPending.set(false);
                check();
            }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Tells the peers if the modules this node runs changed since it last told them; catches up on new ones. */
    synchronized void check() {
        Set<String> now = running();
        if (now.equals(told)) {
            return;
        }
        Set<String> newlyRunning = new TreeSet<>(now);
        newlyRunning.removeAll(told);
        told = now;
        int reached = tell(now);
        LOG.info("This node runs {} now; told {} peer(s)", now.isEmpty() ? "no modules" : now, reached);
        for (String module : newlyRunning) {
            started.accept(module.substring(0, module.indexOf('@')));
        }
    }

    /** @return to how many peers the news went out (their answers come when they come) */
    private int tell(Set<String> running) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("modules", running.stream().map(module -> {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("id", module.substring(0, module.indexOf('@')));
                entry.put("dataVersion", module.substring(module.indexOf('@') + 1));
                return entry;
            }).toList()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Peer> reached = peers.list().stream().filter(peer -> standing.mayContact(peer.nodeId())).toList();
        for (Peer peer : reached) {
            URI target = peer.url().resolve(PATH);
            client.sendAsync("peer " + peer.nodeId(), target, body, ANSWER)
                    .whenComplete((answer, failure) -> heard(peer, answer, failure));
        }
        return reached.size();
    }

    private void heard(Peer peer, HttpResponse<byte[]> answer, Throwable failure) {
        if (failure != null) {
            LOG.debug("Peer {} did not hear of this node's modules: {}", peer.nodeId(), failure.toString());
        } else if (answer.statusCode() == 200) {
            standing.accepted(peer.nodeId());
        } else if (PeerClient.refusal(answer.statusCode())) {
            standing.refused(peer.nodeId(), PeerClient.messageOf(answer.body()));
        } else {
            LOG.debug("Peer {} answered HTTP {} to this node's modules", peer.nodeId(), answer.statusCode());
        }
    }

    private Set<String> running() {
        Set<String> running = new TreeSet<>();
        for (RunningModule module : modules.running()) {
            running.add(module.id() + "@" + module.dataVersion());
        }
        return running;
    }
}
