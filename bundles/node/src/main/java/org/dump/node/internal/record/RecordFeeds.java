package org.dump.node.internal.record;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dump.api.record.RecordChange;
import org.dump.node.record.RecordFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears of committed changes: federation's feeds get the records this node wrote (to push them), modules'
 * listeners every change.
 */
final class RecordFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(RecordFeeds.class);

    private final List<RecordFeed> feeds = new CopyOnWriteArrayList<>();
    private final RecordListeners listeners;

    RecordFeeds(RecordListeners listeners) {
        this.listeners = listeners;
    }

    void add(RecordFeed feed) {
        feeds.add(feed);
    }

    void remove(RecordFeed feed) {
        feeds.remove(feed);
    }

    /** Called by the {@link RecordWriter} after each commit. */
    void committed(List<RecordWriter.SignedRecordChange> changes) {
        if (!feeds.isEmpty()) {
            List<org.dump.node.record.SignedRecord> written = changes.stream()
                    .filter(RecordWriter.SignedRecordChange::local).map(RecordWriter.SignedRecordChange::record)
                    .toList();
            if (!written.isEmpty()) {
                for (RecordFeed feed : feeds) {
                    try {
                        feed.written(written);
                    } catch (RuntimeException e) {
                        LOG.warn("Record feed {} failed", feed.getClass().getName(), e);
                    }
                }
            }
        }
        if (!listeners.anyone()) {
            return;
        }
        listeners.announce(changes.stream().filter(c -> c.kind() != null)
                .map(c -> new RecordChange(c.kind(),
                        RecordReads.toModuleRecord(c.before() != null ? c.before() : c.record()), c.local()))
                .toList());
    }
}
