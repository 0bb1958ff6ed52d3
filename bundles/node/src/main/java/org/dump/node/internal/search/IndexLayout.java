package org.dump.node.internal.search;

import java.io.IOException;
import java.util.Map;

import org.apache.lucene.index.IndexWriter;

/**
 * What the documents of an index hold ({@link SearchDocument}), as its commits say. An index of another layout would
 * answer wrongly (one without words finds no record by its words), so it is not opened: it is made again from the
 * records, as a damaged one is.
 */
final class IndexLayout {

    /** The key of the layout in the commit data. */
    static final String KEY = "layout";
    /** 1: trigrams; 2: also the words of each text, backwards and in pairs. */
    static final String CURRENT = "2";

    private IndexLayout() {
    }

    /**
     * @throws IOException after closing {@code writer} without a commit, if its index has another layout
     */
    static void check(IndexWriter writer) throws IOException {
        String layout = of(writer);
        if (!CURRENT.equals(layout)) {
            writer.rollback();
            throw new IOException("the index has layout " + layout + ", this node makes " + CURRENT);
        }
    }

    private static String of(IndexWriter writer) {
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            for (Map.Entry<String, String> entry : live) {
                if (KEY.equals(entry.getKey())) {
                    return entry.getValue();
                }
            }
        }
        return "1"; // written before layouts were noted
    }
}
