package org.dump.node.internal.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.api.record.RecordChange;
import org.dump.node.internal.search.SearchIndex;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's text index ({@link SearchIndex}, in {@code ${karaf.data}/dump/search}) in step with the record
 * store, on a thread of its own so that the writer never waits for it. Every committed writer batch comes here in
 * commit order (local writes, records from peers and deletions alike); the index remembers the number of the last
 * batch it committed, and at start reads the rows written by later batches (RecordEntity's LOCAL_CHANGE), so that
 * after a crash it catches up instead of starting over. Old deletions that {@link DeletionRetention} removes are
 * out of the index already. A module's records are indexed once it has declared searchable fields; when its
 * declaration changes, or on {@link #rebuild}, its part of the index is made again from the database. Until then,
 * and whenever the index lags, {@link SearchPages} leaves its searches to SQL: answers stay right, only slower.
 */
final class RecordSearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSearch.class);
    /** How often what was indexed is made durable; a crash costs at most this much catch-up. */
    private static final long COMMIT_SECONDS = 5;

    private final SearchIndex index;
    private final SearchRows rows;
    private final long lastBatch;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dump-search-index");
        t.setDaemon(true);
        return t;
    });
    /** What each module's records were indexed with. */
    private final Map<String, SearchDeclarations> declared = new ConcurrentHashMap<>();
    /** Modules whose records are all in the index. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    /** The last batch handed to the index thread, and the last one it has put in. */
    private final AtomicLong handed = new AtomicLong();
    private final SearchFreshness freshness;
    private volatile long applied;
    private long committed;
    private volatile boolean rebuilding;
    /**
     * The last batch whose rows a catch-up or a rebuild may have read from the database (index thread only): a
     * record created by a later batch cannot be in the index yet and is added without looking for it.
     */
    private long readThrough;

    /** @param folder where the index lives; null for none (every search goes to SQL) */
    RecordSearch(Path folder, Transactions transactions) {
        this.rows = new SearchRows(transactions);
        this.lastBatch = rows.lastBatch();
        this.index = folder == null ? null : open(folder);
        this.freshness = new SearchFreshness(index);
        handed.set(lastBatch);
        readThrough = lastBatch;
        if (index == null) {
            return;
        }
        long position = index.position();
        applied = position;
        committed = position;
        if (position > lastBatch) {
            // The database is older than the index (restored from a backup, or replaced): start over.
            LOG.warn("The search index has seen batch {}, the database only {}: it is made again", position, lastBatch);
            thread.execute(() -> startOver());
        } else {
            index.declarations().forEach((module, text) -> declared.put(module, SearchDeclarations.parse(text)));
            thread.execute(() -> catchUp(position));
        }
        thread.scheduleWithFixedDelay(this::commit, COMMIT_SECONDS, COMMIT_SECONDS, TimeUnit.SECONDS);
    }

    private static SearchIndex open(Path folder) {
        try {
            return SearchIndex.open(folder);
        } catch (IOException | RuntimeException e) {
            LOG.error("The search index in {} cannot be opened; searches go to the database", folder, e);
            return null;
        }
    }

    /** @return the last writer batch in the database when the store started: the writer numbers on from it */
    long lastBatch() {
        return lastBatch;
    }

    /** Called by the writer after each commit, in commit order. */
    void committed(List<RecordWriter.SignedRecordChange> changes) {
        if (index == null || changes.isEmpty()) {
            return;
        }
        handed.set(changes.get(0).batch());
        try {
            thread.execute(() -> {
                changes.forEach(c -> apply(c.record(),
                        c.kind() == RecordChange.Kind.CREATED && c.batch() > readThrough));
                advance(changes.get(0).batch());
            });
        } catch (RejectedExecutionException stopping) {
            // closing: the next start catches up on this batch
        }
    }

    /** Notes what {@code module} declares searchable; its records are indexed again if that differs from before. */
    void declare(String module, SearchDeclarations declarations) {
        if (index == null || thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            SearchDeclarations before = declared.get(module);
            if (before == null ? declarations.isEmpty() : before.text().equals(declarations.text())) {
                return;
            }
            LOG.info("Module {} declares {} searchable (was {}): its records are indexed again", module,
                    declarations.text(), before == null ? "nothing" : before.text());
            declared.put(module, declarations);
            rebuildNow(module);
        });
    }

    /** @return what the records of {@code module} are indexed with */
    SearchDeclarations declared(String module) {
        return declared.getOrDefault(module, SearchDeclarations.NONE);
    }

    /** @return the modules the index has declarations of, and whether each is ready to answer */
    Map<String, Boolean> modules() {
        Map<String, Boolean> modules = new TreeMap<>();
        declared.keySet().forEach(m -> modules.put(m, ready.contains(m)));
        return modules;
    }

    /** Makes the index of {@code module} again from the database, after what is queued; completes with the count. */
    CompletableFuture<Integer> rebuild(String module) {
        if (index == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node has no search index"));
        }
        return CompletableFuture.supplyAsync(() -> rebuildNow(module), thread);
    }

    private int rebuildNow(String module) {
        rebuilding = true;
        ready.remove(module);
        try {
            index.removeModule(module);
            SearchDeclarations declarations = declared.getOrDefault(module, SearchDeclarations.NONE);
            int count = 0;
            String after = "";
            for (List<SignedRecord> page = rows.liveAfter(module, after); !page.isEmpty() && !declarations.isEmpty();
                    page = rows.liveAfter(module, after)) {
                for (SignedRecord record : page) {
                    count += SearchDocuments.put(index, record, declarations) ? 1 : 0;
                }
                after = page.get(page.size() - 1).id();
            }
            readThrough = Math.max(readThrough, rows.lastBatch()); // read after the pages: later batches were not
            index.declare(module, declarations.text());
            index.commit(applied);
            committed = applied;
            index.refresh(); // searches see the new records now, not when the next write opens a newer view
            ready.add(module);
            LOG.info("Search index of module {}: {} records", module, count);
            return count;
        } catch (IOException e) {
            throw new IllegalStateException("could not index the records of " + module + ": " + e.getMessage(), e);
        } finally {
            rebuilding = false;
        }
    }

    private void startOver() {
        try {
            index.removeAll();
            index.commit(lastBatch);
            applied = lastBatch;
            committed = lastBatch;
            freshness.applied(lastBatch);
        } catch (IOException e) {
            LOG.error("Could not empty the search index; searches go to the database", e);
        }
    }

    private void catchUp(long position) {
        if (declared.isEmpty()) { // nothing indexed yet: modules that declare fields get theirs rebuilt
            advance(lastBatch);
            commit();
            return;
        }
        try {
            long after = position;
            for (List<SearchRows.Written> page = rows.writtenAfter(after); !page.isEmpty();
                    page = rows.writtenAfter(after)) {
                page.forEach(w -> apply(w.record(), false));
                long last = page.get(page.size() - 1).batch();
                // A full page may have cut the last batch short: read it again with the next page.
                after = page.size() < SearchRows.PAGE ? last : Math.max(after + 1, last - 1);
            }
            readThrough = Math.max(readThrough, rows.lastBatch());
            ready.addAll(declared.keySet()); // before advance: a search that waited for the catch-up finds them ready
            advance(Math.max(applied, after));
            commit();
        } catch (RuntimeException e) {
            LOG.error("The search index could not catch up with the database; searches go to the database", e);
        }
    }

    /** @param absent whether the index cannot hold the record yet (created by a batch no catch-up has read) */
    private void apply(SignedRecord record, boolean absent) {
        SearchDeclarations declarations = declared.get(record.module());
        if (declarations == null) {
            return;
        }
        try {
            if (record.deleted() || declarations.fields(record.type()).isEmpty()) {
                index.remove(record.id());
            } else {
                SearchDocuments.put(index, record, declarations, absent);
            }
        } catch (IOException | RuntimeException e) {
            ready.remove(record.module());
            LOG.error("Record {} could not be indexed; searches of module {} go to the database until "
                    + "dump:search-rebuild {}", record.id(), record.module(), record.module(), e);
        }
    }

    private void advance(long batch) {
        applied = Math.max(applied, batch);
        freshness.applied(applied);
    }

    private void commit() {
        try {
            if (applied > committed) {
                index.commit(applied);
                committed = applied;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not commit the search index: {}", e.toString());
        }
    }

    /**
     * @return whether searches of {@code module} can be answered from the index now: it is ready, and holds every
     *         batch committed before this call (waiting a little for the index thread if needed)
     */
    boolean current(String module) {
        return index != null && freshness.await(handed.get(), rebuilding) && ready.contains(module);
    }

    /** @return completes once the index thread has done what was asked of it before this call */
    CompletableFuture<Void> settled() {
        return CompletableFuture.runAsync(() -> { }, thread);
    }

    SearchIndex index() {
        return index;
    }

    /** @return batches committed to the database and not yet in the index */
    long behind() {
        return index == null ? 0 : handed.get() - applied;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (index != null) {
            commit();
            try {
                index.close();
            } catch (IOException e) {
                LOG.warn("Could not close the search index: {}", e.toString());
            }
        }
    }
}
