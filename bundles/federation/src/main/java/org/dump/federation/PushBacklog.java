package org.dump.federation;

import org.osgi.annotation.versioning.ProviderType;

/** What waits to be pushed to each peer: for the administrator, who sees it in {@code dump:peer-list}. */
@ProviderType
public interface PushBacklog {

    /**
     * What waits for one peer.
     *
     * @param records how many records
     * @param bytes   how many bytes they are counted for (their text, and a little for each)
     */
    record Waiting(int records, long bytes) {
    }

    /**
     * How a peer that does not answer is backed off.
     *
     * @param failures times in a row it did not answer; 0 if it answered last
     * @param left     how long until it is sent anything again; zero if now
     * @since 2.4
     */
    record Backoff(int failures, java.time.Duration left) {
    }

    /** @return what waits to be pushed to the peer {@code nodeId}; nothing if it is not a peer */
    Waiting waiting(String nodeId);

    /**
     * @return how many ranges of sequence numbers wait to be announced to {@code nodeId} (records it is not pushed:
     *         it pulls those it lacks)
     * @since 2.4
     */
    default int announcementsWaiting(String nodeId) {
        return 0;
    }

    /** @return how {@code nodeId} is backed off for not answering @since 2.4 */
    default Backoff backoff(String nodeId) {
        return new Backoff(0, java.time.Duration.ZERO);
    }
}
