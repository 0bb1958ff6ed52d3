package org.dump.federation.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.dump.federation.RelayReport;
import org.dump.federation.Relaying;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * This node as a relay for nodes behind NAT (protocol §13), PID {@code org.dump.federation.relay}: it holds the
 * {@link RelayHub}, the one scheduler where every poll's and caller's deadline waits, the few threads that read
 * front doors for dial-backs, and the endpoints {@link RelayServlet} serves. A change of the settings restarts it: its
 * clients are dropped (their callers get 502) and attach again at their next poll.
 */
@Component(service = {NodeRelay.class, Relaying.class}, configurationPid = NodeRelay.PID)
@Designate(ocd = NodeRelay.Config.class)
public final class NodeRelay implements Relaying {

    static final String PID = "org.dump.federation.relay";
    /** How long a dial-back may take to read the other front door. */
    static final Duration DIAL_BACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration IDLE_SWEEP = Duration.ofSeconds(5);

    @ObjectClassDefinition(name = "DUMP relay", description = "Relaying for nodes behind NAT (protocol §13).")
    public @interface Config {

        @AttributeDefinition(name = "Relay clients", min = "0",
                description = "Nodes this node relays for at once; 0 relays for none. Dial-backs are answered anyway.")
        int relayClients() default 0;

        @AttributeDefinition(name = "Bytes per second per client", min = "1024",
                description = "Bytes of requests and answers relayed for one client per second, on average, in bursts "
                        + "of four seconds' worth; callers over it get 429 with Retry-After.")
        long relayBytesPerSecond() default 262_144;

        @AttributeDefinition(name = "Idle seconds", min = "1",
                description = "A client with no poll open for this long is dropped; its requests get 502.")
        int relayIdleSeconds() default 60;
    }

    private final RelayHub hub;
    private final RelayEndpoints endpoints;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor dialing;
    /** Anyone may sign a dial-back with a key made up for it: the nonces are bounded in all, not per signer only. */
    private final ReplayGuard replays = new ReplayGuard(Clock.systemUTC(), 10_000, 100_000);

    @Activate
    public NodeRelay(@Reference PeerClient client, Config config) {
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("dump-relay-deadlines"));
        timer.setRemoveOnCancelPolicy(true);
        // As many threads as dial-backs may be under way (DialBack.AT_ONCE), none while there are none.
        this.dialing = new ThreadPoolExecutor(0, DialBack.AT_ONCE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("dump-relay-dial-back"));
        this.hub = new RelayHub(RelayLimits.of(config.relayClients(), Math.max(1024, config.relayBytesPerSecond()),
                Duration.ofSeconds(Math.max(1, config.relayIdleSeconds()))), timer, Clock.systemUTC(),
                System::nanoTime);
        NodeFrontDoor frontDoor = new NodeFrontDoor(client, DIAL_BACK_TIMEOUT);
        this.endpoints = new RelayEndpoints(hub, new DialBack(frontDoor::read, dialing),
                new RequestSignatures(Clock.systemUTC()), replays);
        timer.scheduleWithFixedDelay(hub::dropIdle, IDLE_SWEEP.toMillis(), IDLE_SWEEP.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        hub.close();
        timer.shutdownNow();
        dialing.shutdownNow();
    }

    @Override
    public RelayReport report() {
        return hub.report();
    }

    /** @return what the relay holds now, for {@code dump:queues} */
    RelayHub hub() {
        return hub;
    }

    /** @return the nonces of signed relay requests remembered now */
    ReplayGuard replays() {
        return replays;
    }

    /** @return the tasks waiting on the relay's scheduler: deadlines of polls and of callers, and the idle sweep */
    int timerTasks() {
        return timer.getQueue().size();
    }

    RelayEndpoints endpoints() {
        return endpoints;
    }

    /** Gives back requests handed to a poll whose answer could not be written (the connection was gone). */
    void undelivered(String nodeId, java.util.List<RelayedRequest> requests) {
        hub.undelivered(nodeId, requests);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
