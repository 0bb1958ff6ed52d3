package org.dump.node.internal.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene index in one folder: records put, replaced and removed by id, searches that answer record ids in order,
 * and commits that remember how far the index has got (a position the caller defines) and what each module
 * declared searchable. An index that cannot be opened (absent, from another Lucene, damaged) is thrown away and
 * started empty; {@link #fresh()} says so, and the caller fills it again.
 */
public final class SearchIndex implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    private static final String POSITION = "position";
    private static final String DECLARED = "declared.";

    /** The order of the records in the index, and of a newest-first page (RecordQueries' ties included). */
    public static final Sort NEWEST_FIRST = new Sort(new SortField(SearchDocument.CREATED, SortField.Type.LONG, true),
            new SortField(SearchDocument.SEQUENCE, SortField.Type.LONG, true),
            new SortField(SearchDocument.ID, SortField.Type.STRING, true));

    private final Path folder;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final boolean fresh;
    private final Map<String, String> committed;

    private SearchIndex(Path folder, Directory directory, IndexWriter writer, boolean fresh) throws IOException {
        this.folder = folder;
        this.directory = directory;
        this.writer = writer;
        this.fresh = fresh;
        this.searchers = new SearcherManager(writer, null);
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        data.put(IndexLayout.KEY, IndexLayout.CURRENT);
        this.committed = data;
    }

    /** Opens the index in {@code folder}, or makes an empty one there if it has none that opens. */
    public static SearchIndex open(Path folder) throws IOException {
        Files.createDirectories(folder);
        boolean fresh;
        try (Directory existing = FSDirectory.open(folder)) {
            fresh = !DirectoryReader.indexExists(existing);
        }
        try {
            return open(folder, fresh ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND, fresh);
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("The search index in {} cannot be opened ({}); it is made again from the records", folder,
                    unreadable.toString());
            wipe(folder);
            return open(folder, IndexWriterConfig.OpenMode.CREATE, true);
        }
    }

    private static SearchIndex open(Path folder, IndexWriterConfig.OpenMode mode, boolean fresh) throws IOException {
        Directory directory = FSDirectory.open(folder);
        try {
            // Kept newest first, as modules ask most: a newest-first page stops after its records in each segment
            // instead of ranking every record that matches. (An index sorted otherwise does not open: it is made anew.)
            IndexWriterConfig config = new IndexWriterConfig().setOpenMode(mode).setCommitOnClose(false)
                    .setRAMBufferSizeMB(16).setIndexSort(NEWEST_FIRST);
            IndexWriter writer = new IndexWriter(directory, config);
            if (!fresh) {
                // Reads every segment's header and checksum footer once, so that a damaged index fails here.
                DirectoryReader.open(writer).close();
                IndexLayout.check(writer);
            }
            return new SearchIndex(folder, directory, writer, fresh);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static void wipe(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(folder)) {
                    Files.delete(file);
                }
            }
        }
    }

    /** @return whether the index was made empty at {@link #open}: nothing in it, nothing declared */
    public boolean fresh() {
        return fresh;
    }

    /** @return the position of the last commit, 0 if none */
    public long position() {
        return Long.parseLong(committed.getOrDefault(POSITION, "0"));
    }

    /** @return what module {@code module} had declared searchable when its records were indexed, or null */
    public String declared(String module) {
        return committed.get(DECLARED + module);
    }

    /** @return what each module had declared searchable when its records were indexed */
    public Map<String, String> declarations() {
        Map<String, String> found = new HashMap<>();
        synchronized (committed) {
            committed.forEach((key, value) -> {
                if (key.startsWith(DECLARED)) {
                    found.put(key.substring(DECLARED.length()), value);
                }
            });
        }
        return found;
    }

    /** Notes what {@code module} declares searchable; the next {@link #commit} stores it. */
    public void declare(String module, String declaration) {
        synchronized (committed) {
            committed.put(DECLARED + module, declaration);
        }
    }

    /** Adds or replaces the record of {@code document.id()}. */
    public void put(SearchDocument document) throws IOException {
        writer.updateDocument(new Term(SearchDocument.ID, document.id()), document.toLucene());
    }

    /**
     * Adds the record of {@code document.id()}, which the index must not hold: cheaper than {@link #put}, whose
     * replacing looks the id up in every segment when the index next flushes.
     */
    public void add(SearchDocument document) throws IOException {
        writer.addDocument(document.toLucene());
    }

    public void remove(String id) throws IOException {
        writer.deleteDocuments(new Term(SearchDocument.ID, id));
    }

    /** Removes every record of {@code module}. */
    public void removeModule(String module) throws IOException {
        writer.deleteDocuments(new Term(SearchDocument.MODULE, module));
    }

    /** Removes every record and every module's declaration. */
    public void removeAll() throws IOException {
        writer.deleteAll();
        synchronized (committed) {
            committed.keySet().removeIf(key -> key.startsWith(DECLARED));
        }
    }

    /** Makes what was put so far durable, with {@code position} as the point to go on from after a restart. */
    public void commit(long position) throws IOException {
        Map<String, String> data;
        synchronized (committed) {
            committed.put(POSITION, Long.toString(position));
            data = new HashMap<>(committed);
        }
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    /** Makes what was put so far visible to searches. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /**
     * @return the ids of the first {@code count} records that {@code query} finds, in {@code sort}'s order; records
     *         after those need not be counted, so Lucene skips what cannot make the page
     */
    public List<String> ids(Query query, Sort sort, int count) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            int wanted = Math.max(1, Math.min(count, Math.max(1, searcher.getIndexReader().maxDoc())));
            TopFieldDocs top = searcher.search(query, new TopFieldCollectorManager(sort, wanted, null, wanted, false));
            List<String> ids = new ArrayList<>(top.scoreDocs.length);
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (ScoreDoc hit : top.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                SortedDocValues values = leaf.reader().getSortedDocValues(SearchDocument.ID);
                if (values != null && values.advanceExact(hit.doc - leaf.docBase)) {
                    ids.add(values.lookupOrd(values.ordValue()).utf8ToString());
                }
            }
            return ids;
        } finally {
            searchers.release(searcher);
        }
    }

    /** @return how many records {@code query} finds */
    public int count(Query query) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(query);
        } finally {
            searchers.release(searcher);
        }
    }

    /** @return the folder of the index, for the admin's view */
    public Path folder() {
        return folder;
    }

    /** @return how many records the index holds, as searches see it */
    public int size() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes without a commit: what the last {@link #commit} did not cover is caught up at the next start. */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.rollback();
            } finally {
                directory.close();
            }
        }
    }
}
