package org.dump.node.internal.search;

import java.util.Map;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/**
 * One live record as the text index holds it: what its queries filter and order on. Numbers carry both a point (for
 * ranges) and a doc value of the same name (for ordering), so that Lucene can skip records that cannot make the page.
 * Each searchable text is held three ways: its trigrams (for a part of one word), its words at positions, its
 * words backwards and its pairs of words (for everything else: {@link WordPhraseQuery}).
 *
 * @param texts   the module's searchable fields ({@code @Module(search = ...)}), as searches look at them
 * @param strings every top-level string, as searches look at it, for equality
 * @param numbers every top-level number
 */
public record SearchDocument(String id, String module, String type, String author, long created, long updated,
        long sequence, Map<String, String> texts, Map<String, String> strings, Map<String, Double> numbers) {

    public static final String ID = "id";
    public static final String KIND = "kind";
    public static final String MODULE = "module";
    public static final String AUTHOR = "author";
    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String SEQUENCE = "seq";

    /** Trigrams at positions, nothing stored and no norms: phrases need positions, nothing needs scores. */
    private static final FieldType TRIGRAMS = new FieldType();

    /** Words at positions, the same way. */
    private static final FieldType WORDS = TRIGRAMS;
    /** Words backwards, pairs of words: only which records hold them is read, no positions. */
    private static final FieldType BACKWARDS = new FieldType();

    static {
        TRIGRAMS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        TRIGRAMS.setTokenized(true);
        TRIGRAMS.setOmitNorms(true);
        TRIGRAMS.freeze();
        BACKWARDS.setIndexOptions(IndexOptions.DOCS);
        BACKWARDS.setTokenized(true);
        BACKWARDS.setOmitNorms(true);
        BACKWARDS.freeze();
    }

    /** @return the field of the trigrams of text field {@code name} */
    public static String text(String name) {
        return "t." + name;
    }

    /** @return the field of the words of text field {@code name} */
    public static String words(String name) {
        return "w." + name;
    }

    /** @return the field of the words backwards of text field {@code name} */
    public static String backwards(String name) {
        return "b." + name;
    }

    /**
     * @return a query for the records whose text field {@code name} contains {@code text} (lower case, as searches
     *         look at it): a phrase of words if it has more than part of one word, else a phrase of trigrams
     * @throws IllegalArgumentException if {@code text} is empty or too long for a phrase of trigrams
     */
    public static Query containing(String name, String text) {
        Query trigrams = Trigrams.containing(text(name), text); // also refuses what is too long
        return WordPhraseQuery.fits(text)
                ? new WordPhraseQuery(words(name), backwards(name), pairs(name), text(name), text) : trigrams;
    }

    /** @return the field of the pairs of neighbouring words of text field {@code name} */
    public static String pairs(String name) {
        return "p." + name;
    }

    /** @return the field of string field {@code name}, for equality */
    public static String string(String name) {
        return "s." + name;
    }

    /** @return the field of number field {@code name} */
    public static String number(String name) {
        return "n." + name;
    }

    /** @return the value of {@link #KIND}: records of one type of one module */
    public static String kind(String module, String type) {
        return module + "/" + type;
    }

    Document toLucene() {
        Document document = new Document();
        document.add(new StringField(ID, id, Field.Store.NO));
        document.add(new SortedDocValuesField(ID, new BytesRef(id)));
        document.add(new StringField(KIND, kind(module, type), Field.Store.NO));
        document.add(new StringField(MODULE, module, Field.Store.NO));
        if (author != null) {
            document.add(new StringField(AUTHOR, author, Field.Store.NO));
        }
        addLong(document, CREATED, created);
        addLong(document, UPDATED, updated);
        document.add(new NumericDocValuesField(SEQUENCE, sequence));
        texts.forEach((name, text) -> {
            document.add(new Field(text(name), Trigrams.tokens(text), TRIGRAMS));
            document.add(new Field(words(name), Words.tokens(text), WORDS));
            document.add(new Field(backwards(name), Words.backwardTokens(text), BACKWARDS));
            document.add(new Field(pairs(name), Words.pairTokens(text), BACKWARDS));
        });
        strings.forEach((name, value) -> document.add(new StringField(string(name), value, Field.Store.NO)));
        numbers.forEach((name, value) -> {
            document.add(new DoublePoint(number(name), value));
            document.add(new DoubleDocValuesField(number(name), value));
        });
        return document;
    }

    private static void addLong(Document document, String name, long value) {
        document.add(new LongPoint(name, value));
        document.add(new NumericDocValuesField(name, value));
    }
}
