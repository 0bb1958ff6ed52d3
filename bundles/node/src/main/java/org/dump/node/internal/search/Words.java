package org.dump.node.internal.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Text as whole words: the runs of letters and digits, one position each, whatever separates them. A searched text
 * of several words is then a phrase of words ({@link WordPhraseQuery}) instead of a phrase of trigrams: two postings
 * lists instead of six to eight, and every position check is one per word instead of one per three characters.
 * Beside the words, each word backwards in a field of its own: the term dictionary of that field answers "which words
 * end with ..." as a prefix, for the first word of a searched text, which may be the end of a longer word. And every
 * two neighbouring words as one term ({@link #pairTokens}): two words that are each in a third of the texts are
 * together in far fewer, so a pair is what a search of two words reads, not the two long lists of its words.
 * <p>
 * A word longer than {@link #LONGEST} code points is held as its first and its last {@code LONGEST} code points at
 * the same position (its end backwards): a term cannot be longer than 32 KB, and a search still finds every word that
 * starts or ends with what it searches. Text comes here in lower case already, cut to what searches look at.
 */
public final class Words {

    /** Code points of a word as the index holds it; longer words are held by their two ends. */
    static final int LONGEST = 40;

    private Words() {
    }

    /** @return whether {@code point} belongs to a word; everything else separates words */
    static boolean inWord(int point) {
        return Character.isLetterOrDigit(point);
    }

    /** @return the runs of word code points in {@code text}, in order */
    static List<int[]> runs(String text) {
        int[] points = text.codePoints().toArray();
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= points.length; i++) {
            boolean word = i < points.length && inWord(points[i]);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                runs.add(Arrays.copyOfRange(points, start, i));
                start = -1;
            }
        }
        return runs;
    }

    /** @return the first {@link #LONGEST} code points of a word, as the index holds its start */
    static String head(int[] word) {
        return new String(word, 0, Math.min(word.length, LONGEST));
    }

    /** @return the last {@link #LONGEST} code points of a word, as the index holds its end */
    static String tail(int[] word) {
        int from = Math.max(0, word.length - LONGEST);
        return new String(word, from, word.length - from);
    }

    /** @return {@code text}'s code points in reverse order */
    static String backwards(String text) {
        int[] points = text.codePoints().toArray();
        int[] reversed = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            reversed[i] = points[points.length - 1 - i];
        }
        return new String(reversed, 0, reversed.length);
    }

    /** @return the words of {@code text} as a token stream, one position each */
    static TokenStream tokens(String text) {
        List<String> terms = new ArrayList<>();
        List<Integer> increments = new ArrayList<>();
        for (int[] word : runs(text)) {
            terms.add(head(word));
            increments.add(1);
            if (word.length > LONGEST) {
                terms.add(tail(word)); // the same position: a phrase finds the word by either end
                increments.add(0);
            }
        }
        return new Listed(terms, increments);
    }

    /** @return every word of {@code text} backwards (by its last {@link #LONGEST} code points), positions unused */
    static TokenStream backwardTokens(String text) {
        List<String> terms = new ArrayList<>();
        List<Integer> increments = new ArrayList<>();
        for (int[] word : runs(text)) {
            terms.add(backwards(tail(word)));
            increments.add(1);
        }
        return new Listed(terms, increments);
    }

    /** Separates the two words of a pair: never part of a word. */
    static final String PAIR = " ";

    /** @return the pair of two neighbouring words as the index holds it: the first by its end, the second by its start */
    static String pair(String firstTail, String secondHead) {
        return firstTail + PAIR + secondHead;
    }

    /** @return every two neighbouring words of {@code text} as one term each, positions unused */
    static TokenStream pairTokens(String text) {
        List<int[]> runs = runs(text);
        List<String> terms = new ArrayList<>();
        List<Integer> increments = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            terms.add(pair(tail(runs.get(i - 1)), head(runs.get(i))));
            increments.add(1);
        }
        return new Listed(terms, increments);
    }

    /** Terms made in advance, with their position increments. */
    private static final class Listed extends TokenStream {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final List<String> terms;
        private final List<Integer> increments;
        private int next;

        Listed(List<String> terms, List<Integer> increments) {
            this.terms = terms;
            this.increments = increments;
        }

        @Override
        public boolean incrementToken() {
            if (next == terms.size()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(terms.get(next));
            increment.setPositionIncrement(increments.get(next));
            next++;
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
