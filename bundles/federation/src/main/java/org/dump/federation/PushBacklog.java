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

    /** @return what waits to be pushed to the peer {@code nodeId}; nothing if it is not a peer */
    Waiting waiting(String nodeId);
}
