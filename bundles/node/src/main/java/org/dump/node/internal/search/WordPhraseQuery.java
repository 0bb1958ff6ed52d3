package org.dump.node.internal.search;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The records whose text field contains a searched text that has a separator in it ("wool socks", "socks "), as
 * {@link Words}. A substring keeps its meaning: its inner words are whole words of the text, but its first word may be
 * the end of a longer one and its last the start of a longer one ("l sock" is in "wool socks"). So the first and last
 * words stand for every word of the index that ends, or starts, with what was typed: found in the term dictionaries
 * when the query is rewritten ({@link WordDictionary}), usually one word each. Two words are then the records that
 * hold one of those pairs of neighbouring words: one short list to read. More words are a phrase of words, narrowed
 * by the pairs at its ends. Separators are not in the index, so a search may find a little more ("wool, socks" for
 * "wool socks"), never less; the database's check of each answer removes the rest. When a first or last word could be
 * too many words of the index (one or two letters), the text is searched as a phrase of {@link Trigrams} instead.
 */
public final class WordPhraseQuery extends Query {

    /** Words of the index that the first or the last word of a search may stand for, before trigrams do better. */
    static final int EXPANSIONS = 64;
    /** Pairs of words that the first or last two words of a search may stand for, before the phrase alone does. */
    static final int PAIRS = 128;

    private final String words;
    private final String backwards;
    private final String pairs;
    private final String trigrams;
    private final String text;

    /**
     * @param words     the field of the text's words
     * @param backwards the field of its words backwards
     * @param pairs     the field of its pairs of neighbouring words
     * @param trigrams  the field of its trigrams, for a search the words cannot answer well
     */
    WordPhraseQuery(String words, String backwards, String pairs, String trigrams, String text) {
        this.words = words;
        this.backwards = backwards;
        this.pairs = pairs;
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
        WordDictionary dictionary = new WordDictionary(searcher.getIndexReader(), words, backwards, pairs);
        List<int[]> runs = Words.runs(text);
        int last = runs.size() - 1;
        if (last == 0) { // one word, whole at one end at least
            int[] run = runs.get(0);
            List<String> held = startsInWord(text) ? dictionary.endingWith(run, EXPANSIONS)
                    : endsInWord(text) ? dictionary.startingWith(run, EXPANSIONS) : List.of(Words.head(run));
            return held == null ? Trigrams.containing(trigrams, text) : anyOf(words, held);
        }
        List<String> firsts = startsInWord(text) ? dictionary.endingWith(runs.get(0), EXPANSIONS)
                : List.of(Words.tail(runs.get(0)));
        List<String> lasts = endsInWord(text) ? dictionary.startingWith(runs.get(last), EXPANSIONS)
                : List.of(Words.head(runs.get(last)));
        if (firsts == null || lasts == null) {
            return Trigrams.containing(trigrams, text);
        }
        if (firsts.isEmpty() || lasts.isEmpty()) {
            return new MatchNoDocsQuery("no word of the index fits an end of " + text);
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        boolean paired = true;
        for (int i = 0; i < last; i++) {
            if (i > 1 && i < last - 1) {
                continue; // the pairs at both ends and one more narrow enough: the phrase checks the rest
            }
            List<String> lefts = i == 0 ? firsts : List.of(Words.tail(runs.get(i)));
            String right = Words.head(runs.get(i + 1));
            List<String> pairsHeld = i + 1 == last && endsInWord(text)
                    ? dictionary.pairsStartingWith(lefts, runs.get(last), PAIRS)
                    : lefts.stream().map(left -> Words.pair(left, right)).toList();
            if (pairsHeld == null) {
                paired = false; // too many to list: the phrase of words alone
            } else {
                all.add(anyOf(pairs, pairsHeld), Occur.FILTER);
            }
        }
        if (last > 1 || !paired) { // two words are a pair exactly; more need their places checked
            MultiPhraseQuery.Builder phrase = new MultiPhraseQuery.Builder();
            phrase.add(terms(firsts));
            for (int i = 1; i < last; i++) {
                phrase.add(new Term(words, Words.head(runs.get(i))));
            }
            phrase.add(terms(lasts));
            all.add(phrase.build(), Occur.FILTER);
        }
        return all.build();
    }

    private Term[] terms(List<String> held) {
        return held.stream().map(w -> new Term(words, w)).toArray(Term[]::new);
    }

    /** @return the records that hold any of {@code terms} in {@code field} */
    private static Query anyOf(String field, List<String> terms) {
        if (terms.isEmpty()) {
            return new MatchNoDocsQuery("no such word in " + field);
        }
        if (terms.size() == 1) {
            return new TermQuery(new Term(field, terms.get(0)));
        }
        return new TermInSetQuery(field, terms.stream().map(BytesRef::new).toList());
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
