package org.dump.node.internal.search;

import java.util.Arrays;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

/**
 * Text as the index holds it: every run of three code points, at its position. A record's text contains a searched
 * text exactly when the text's trigrams occur at the same distances from each other, so a phrase of trigrams finds
 * substrings (what {@code RecordFilter.textContains} has always meant: "sock" finds "Socks", "d so" finds "red
 * socks") rather than words, and no character of the searched text is syntax. Two end marks after the text make
 * every one- or two-character substring the start of some trigram, for a prefix query. Text comes here in lower case
 * already, cut to what searches look at.
 */
public final class Trigrams {

    /** Marks the end of a text; a text that holds it itself can only find more, never less (reads re-check). */
    private static final int END = 0;

    /**
     * Trigrams that one searched text may become. A phrase needs one every three characters, so 1,000 characters
     * are 334 in each field searched; Lucene refuses queries of more than 1,024 clauses in all.
     */
    public static final int MAX_TERMS = 1_000;

    private Trigrams() {
    }

    /** @return the trigrams of {@code text} as a token stream, each at the position of its first code point */
    static TokenStream tokens(String text) {
        return new Grams(withEnd(text));
    }

    /**
     * @return a query for the records whose field {@code field} contains {@code text}: a phrase of trigrams, or a
     *         prefix of one for one or two characters
     * @throws IllegalArgumentException if {@code text} is empty or needs more than {@link #MAX_TERMS} terms
     */
    public static Query containing(String field, String text) {
        int[] points = text.codePoints().toArray();
        if (points.length == 0) {
            throw new IllegalArgumentException("no text to search for");
        }
        if (points.length < 3) {
            return new PrefixQuery(new Term(field, new String(points, 0, points.length)));
        }
        // Trigrams every three code points, and the last one: together they cover every character in its place.
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        int last = points.length - 3;
        int terms = 0;
        for (int at = 0; at <= last; at = at == last ? last + 1 : Math.min(at + 3, last)) {
            phrase.add(new Term(field, new String(points, at, 3)), at);
            if (++terms > MAX_TERMS) {
                throw new IllegalArgumentException("the text to search for is too long");
            }
        }
        return phrase.build();
    }

    private static int[] withEnd(String text) {
        int[] points = text.codePoints().toArray();
        if (points.length == 0) {
            return points;
        }
        int[] ended = Arrays.copyOf(points, points.length + 2);
        ended[points.length] = END;
        ended[points.length + 1] = END;
        return ended;
    }

    /** The trigrams of code points, one position apart. */
    private static final class Grams extends TokenStream {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final int[] points;
        private int next;

        Grams(int[] points) {
            this.points = points;
        }

        @Override
        public boolean incrementToken() {
            if (next + 3 > points.length) {
                return false;
            }
            clearAttributes();
            char[] buffer = term.resizeBuffer(6);
            int length = 0;
            for (int i = next; i < next + 3; i++) {
                length += Character.toChars(points[i], buffer, length);
            }
            term.setLength(length);
            next++;
            return true;
        }

        @Override
        public void reset() throws java.io.IOException {
            super.reset();
            next = 0;
        }
    }
}
