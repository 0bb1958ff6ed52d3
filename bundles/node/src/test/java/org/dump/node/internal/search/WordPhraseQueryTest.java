package org.dump.node.internal.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Searched texts answered by words keep the meaning of a substring: every text that contains the searched text is
 * found, whatever part of a word it starts or ends in, and with single spaces between words (as in the texts), only
 * those. Checked against {@link String#contains} over random texts, with words longer than the index holds whole.
 */
public class WordPhraseQueryTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private SearchIndex index;
    private final List<String> texts = new ArrayList<>();

    @Before
    public void open() throws IOException {
        index = SearchIndex.open(folder.newFolder("index").toPath());
    }

    @After
    public void close() throws IOException {
        index.close();
    }

    @Test
    public void aSubstringOfWordsIsFoundWhereverItsEndsFallInAWord() throws IOException {
        put("wool socks", "red wool socks for winter", "woollen socks", "a sock", "socks wool", "ool sock");
        assertEquals(Set.of(0, 1, 5), found("ol so"));
        assertEquals(Set.of(0, 1, 5), found("ol sock"));
        assertEquals(Set.of(2), found("len s"));
        for (String searched : List.of("wool socks", "d wool socks f", "red wool socks for winter", "socks",
                "socks socks", "a s", "n s")) {
            assertEquals(searched, containing(searched), found(searched));
        }
        // Separators are not in the index: around the words they may find more, never less.
        assertTrue(found(" wool socks ").containsAll(Set.of(1)));
    }

    @Test
    public void randomTextsAnswerAsStringContains() throws IOException {
        Random random = new Random(11);
        String[] words = {"ab", "abc", "bca", "c", "cab", "a1", "ü", "üx", "b".repeat(45), "ab".repeat(30) + "c"};
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 1 + random.nextInt(8); w++) {
                text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            put(text.toString());
        }
        for (int i = 0; i < 400; i++) {
            String text = texts.get(random.nextInt(texts.size()));
            int from = random.nextInt(text.length());
            while (Character.isLowSurrogate(text.charAt(from))) {
                from--;
            }
            int to = Math.min(text.length(), from + 1 + random.nextInt(70));
            if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
                to++;
            }
            String searched = text.substring(from, to);
            Set<Integer> found = found(searched);
            assertTrue(searched, found.containsAll(containing(searched)));
            if (Words.inWord(searched.codePointAt(0)) && Words.inWord(searched.codePointBefore(searched.length()))) {
                assertEquals(searched, containing(searched), found); // nothing more when its ends are in words
            }
        }
    }

    @Test
    public void otherSeparatorsMayBeFoundTooButNothingIsMissed() throws IOException {
        put("wool, socks", "wool socks", "wool - socks!", "wool", "wool 😀socks");
        Set<Integer> found = found("wool socks");
        assertTrue(found.toString(), found.containsAll(Set.of(0, 1, 2, 4)));
        assertTrue(found("l, s").contains(0)); // and the others: the database's check removes them
        assertTrue(found("ks!").contains(2));
        assertTrue(found(" 😀socks").contains(4));
    }

    @Test
    public void aFirstOrLastWordOfManyWordsIsSearchedByTrigrams() throws IOException {
        for (int i = 0; i < WordPhraseQuery.EXPANSIONS + 10; i++) {
            put("x" + i + " socks", "socks y" + i);
        }
        put("x socks");
        assertEquals(containing("x"), found("x"));
        assertEquals(containing("0 socks"), found("0 socks"));
        assertEquals(containing("socks y"), found("socks y"));
    }

    private void put(String... added) throws IOException {
        for (String text : added) {
            String id = String.format("%026d", texts.size());
            texts.add(text);
            index.put(new SearchDocument(id, "m", "t", null, texts.size(), texts.size(), texts.size(),
                    Map.of("title", text), Map.of(), Map.of()));
        }
        index.refresh();
    }

    private Set<Integer> found(String searched) throws IOException {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(SearchDocument.MODULE, "m")), Occur.FILTER)
                .add(SearchDocument.containing("title", searched), Occur.FILTER).build();
        Set<Integer> found = new TreeSet<>();
        index.ids(query, SearchIndex.NEWEST_FIRST, texts.size() + 1).forEach(id -> found.add(Integer.parseInt(id)));
        return found;
    }

    private Set<Integer> containing(String searched) {
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).contains(searched)) {
                expected.add(i);
            }
        }
        return expected;
    }
}
