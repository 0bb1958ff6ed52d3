package org.dump.federation.internal;

import java.time.Duration;

/**
 * What a relay takes on (protocol §13): the settings of {@code org.dump.federation.relay} and the fixed
 * limits of the protocol.
 *
 * @param maxClients     nodes relayed for at once; 0 relays nothing
 * @param bytesPerSecond bytes of requests and answers per client and second, on average
 * @param idle           how long a client may have no poll open before it is dropped
 * @param maxWaiting     requests queued or waiting for their answer, per client
 * @param answerWait     how long a caller waits for the client's answer
 * @param maxPoll        how long a poll is held at most
 * @param maxOpenPolls   polls open at once per client
 * @param batchRequests  requests handed to one poll at most
 * @param batchBytes     bytes of bodies handed to one poll at most (but always at least one request)
 */
record RelayLimits(int maxClients, long bytesPerSecond, Duration idle, int maxWaiting, Duration answerWait,
        Duration maxPoll, int maxOpenPolls, int batchRequests, long batchBytes) {

    /** @return the limits of protocol §13 with these settings */
    static RelayLimits of(int maxClients, long bytesPerSecond, Duration idle) {
        return new RelayLimits(maxClients, bytesPerSecond, idle, 64, Duration.ofSeconds(60), Duration.ofSeconds(25), 4,
                16, 4L * 1024 * 1024);
    }
}

