package org.dump.node.internal.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The words and pairs of words one text field of the index holds, as a search looks them up in the term dictionaries
 * of all segments: which words start with what was typed, which end with it, which pairs start with a word and what
 * follows it. Each answer is complete or null: more than {@code limit} terms, which the caller searches otherwise.
 */
final class WordDictionary {

    private final IndexReader reader;
    private final String words;
    private final String backwards;
    private final String pairs;

    WordDictionary(IndexReader reader, String words, String backwards, String pairs) {
        this.reader = reader;
        this.words = words;
        this.backwards = backwards;
        this.pairs = pairs;
    }

    /** @return the words, as the index holds them, that start with {@code run}; null if more than {@code limit} */
    List<String> startingWith(int[] run, int limit) throws IOException {
        if (run.length >= Words.LONGEST) { // every such word is held by its first LONGEST code points
            return List.of(Words.head(run));
        }
        return withPrefix(words, new String(run, 0, run.length), limit);
    }

    /** @return the words, as the index holds their ends, that end with {@code run}; null if more than {@code limit} */
    List<String> endingWith(int[] run, int limit) throws IOException {
        if (run.length >= Words.LONGEST) { // every such word is held by its last LONGEST code points too
            return List.of(Words.tail(run));
        }
        List<String> found = withPrefix(backwards, Words.backwards(new String(run, 0, run.length)), limit);
        return found == null ? null : found.stream().map(Words::backwards).toList();
    }

    /**
     * @return the pairs of words held that are one of {@code firsts} followed by a word starting with {@code run};
     *         null if more than {@code limit}
     */
    List<String> pairsStartingWith(List<String> firsts, int[] run, int limit) throws IOException {
        String second = run.length >= Words.LONGEST ? Words.head(run) : new String(run, 0, run.length);
        List<String> found = new ArrayList<>();
        for (String first : firsts) {
            List<String> some = withPrefix(pairs, Words.pair(first, second), limit - found.size());
            if (some == null) {
                return null;
            }
            found.addAll(some);
        }
        return found;
    }

    /** @return the terms of {@code field} in any segment that start with {@code prefix}, or null if too many */
    private List<String> withPrefix(String field, String prefix, int limit) throws IOException {
        BytesRef start = new BytesRef(prefix);
        TreeSet<BytesRef> found = new TreeSet<>();
        for (LeafReaderContext leaf : reader.leaves()) {
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
                if (found.add(BytesRef.deepCopyOf(term)) && found.size() > limit) {
                    return null;
                }
            }
        }
        return found.stream().map(BytesRef::utf8ToString).toList();
    }
}
