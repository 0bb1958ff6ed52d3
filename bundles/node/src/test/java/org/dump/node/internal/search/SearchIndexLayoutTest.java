package org.dump.node.internal.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An index made by an older layout (no words beside the trigrams) would miss records: it is made again. */
public class SearchIndexLayoutTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void anIndexOfAnotherLayoutStartsEmptyAndOneOfThisLayoutOpens() throws IOException {
        Path old = folder.newFolder("old").toPath();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(old),
                new IndexWriterConfig().setIndexSort(SearchIndex.NEWEST_FIRST))) {
            Document document = new Document();
            document.add(new StringField(SearchDocument.ID, "x", Field.Store.NO));
            document.add(new SortedDocValuesField(SearchDocument.ID, new BytesRef("x")));
            document.add(new NumericDocValuesField(SearchDocument.CREATED, 1));
            document.add(new NumericDocValuesField(SearchDocument.SEQUENCE, 1));
            writer.addDocument(document);
            writer.setLiveCommitData(Map.of("position", "7", "declared.market", "listing.title").entrySet());
            writer.commit();
        }
        try (SearchIndex index = SearchIndex.open(old)) {
            assertTrue(index.fresh());
            assertEquals(0, index.position());
            assertEquals(0, index.size());
            index.commit(9);
        }
        try (SearchIndex index = SearchIndex.open(old)) {
            assertFalse(index.fresh());
            assertEquals(9, index.position());
        }
    }
}
