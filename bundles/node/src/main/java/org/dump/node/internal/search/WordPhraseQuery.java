package org.dump.node.internal.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The records whose text field contains a searched text that has a separator in it ("wool socks", "socks "), as a
 * phrase of {@link Words}. A substring keeps its meaning: its inner words are whole words of the text, but its first
 * word may be the end of a longer one and its last the start of a longer one ("l sock" is in "wool socks"). So the
 * first and last places of the phrase hold every word of the index that ends, or starts, with what was typed: found in
 * the term dictionaries when the query is rewritten, usually one word each. Separators are not in the index, so the
 * phrase may find a little more ("wool, socks" for "wool socks"), never less; the database's check of each answer
 * removes the rest. When a first or last word could be too many words of the index (one or two letters), the text is
 * searched as a phrase of {@link Trigrams} instead.
 */
public final class WordPhraseQuery extends Query {

    /** Words of the index that the first or the last word of a search may stand for, before trigrams do better. */
    static final int EXPANSIONS = 64;

    private final String words;
    private final String backwards;
    private final String trigrams;
    private final String text;

    /**
     * @param words     the field of the text's words
     * @param backwards the field of its words backwards
     * @param trigrams  the field of its trigrams, for a search the words cannot answer well
     */
    WordPhraseQuery(String words, String backwards, String trigrams, String text) {
        this.words = words;
        this.backwards = backwards;
        this.trigrams = trigrams;
        this.text = text;
    }

    /** @return whether words find {@code text}: it has letters or digits, and not only inside one word */
    static boolean fits(String text) {
        if (text.isEmpty() || Words.runs(text).isEmpty()) {
            return false;
        }
        return Words.runs(text).size() > 1 || !startsInWord(text) || !endsInWord(text);
    }

    private static boolean startsInWord(String text) {
        return Words.inWord(text.codePointAt(0));
    }

    private static boolean endsInWord(String text) {
        return Words.inWord(text.codePointBefore(text.length()));
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        List<int[]> runs = Words.runs(text);
        List<List<Term>> places = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            int[] run = runs.get(i);
            List<Term> place;
            if (i == 0 && startsInWord(text)) {
                place = endingWith(searcher, run);
            } else if (i == runs.size() - 1 && endsInWord(text)) {
                place = startingWith(searcher, run);
            } else {
                place = List.of(new Term(words, Words.head(run)));
            }
            if (place == null) {
                return Trigrams.containing(trigrams, text);
            }
            if (place.isEmpty()) {
                return new MatchNoDocsQuery("no word of the index fits " + new String(run, 0, run.length));
            }
            places.add(place);
        }
        if (places.stream().allMatch(p -> p.size() == 1)) {
            PhraseQuery.Builder phrase = new PhraseQuery.Builder();
            places.forEach(p -> phrase.add(p.get(0)));
            return phrase.build();
        }
        MultiPhraseQuery.Builder phrase = new MultiPhraseQuery.Builder();
        places.forEach(p -> phrase.add(p.toArray(Term[]::new)));
        return phrase.build();
    }

    /** @return the words of the index that start with {@code run}, or null if there are too many */
    private List<Term> startingWith(IndexSearcher searcher, int[] run) throws IOException {
        if (run.length >= Words.LONGEST) { // every such word is held by its first LONGEST code points
            return List.of(new Term(words, Words.head(run)));
        }
        List<BytesRef> found = withPrefix(searcher, words, new String(run, 0, run.length));
        return found == null ? null : found.stream().map(b -> new Term(words, b)).toList();
    }

    /** @return the words of the index that end with {@code run}, or null if there are too many */
    private List<Term> endingWith(IndexSearcher searcher, int[] run) throws IOException {
        if (run.length >= Words.LONGEST) { // every such word is held by its last LONGEST code points too
            return List.of(new Term(words, Words.tail(run)));
        }
        List<BytesRef> found = withPrefix(searcher, backwards, Words.backwards(new String(run, 0, run.length)));
        return found == null ? null
                : found.stream().map(b -> new Term(words, Words.backwards(b.utf8ToString()))).toList();
    }

    /** @return the terms of {@code field} in any segment that start with {@code prefix}, or null if too many */
    private static List<BytesRef> withPrefix(IndexSearcher searcher, String field, String prefix) throws IOException {
        BytesRef start = new BytesRef(prefix);
        TreeSet<BytesRef> found = new TreeSet<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) {
                continue;
            }
            TermsEnum each = terms.iterator();
            if (each.seekCeil(start) == TermsEnum.SeekStatus.END) {
                continue;
            }
            for (BytesRef term = each.term(); term != null && StringHelper.startsWith(term, start);
                    term = each.next()) {
                if (found.add(BytesRef.deepCopyOf(term)) && found.size() > EXPANSIONS) {
                    return null;
                }
            }
        }
        return new ArrayList<>(found);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "words(" + words + ":\"" + text + "\")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && words.equals(((WordPhraseQuery) other).words)
                && text.equals(((WordPhraseQuery) other).text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), words, text);
    }
}
