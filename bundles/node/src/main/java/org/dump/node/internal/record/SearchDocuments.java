package org.dump.node.internal.record;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.dump.api.record.RecordQuery;

import org.dump.node.internal.search.SearchDocument;
import org.dump.node.internal.search.SearchIndex;
import org.dump.node.record.SignedRecord;

/** Live records as the search index holds them: the declared text fields, every top-level string and number. */
final class SearchDocuments {

    /** Only fields a query can name are indexed: a peer's record cannot add fields of any name to the index. */
    private static final Pattern FIELD = Pattern.compile(RecordQuery.FIELD_PATTERN);

    private SearchDocuments() {
    }

    /**
     * Puts {@code record} in the index if its type has searchable fields.
     *
     * @return whether it did
     */
    static boolean put(SearchIndex index, SignedRecord record, SearchDeclarations declarations) throws IOException {
        return put(index, record, declarations, false);
    }

    /**
     * Puts {@code record} in the index if its type has searchable fields.
     *
     * @param absent whether the index cannot hold the record yet: it is added without looking for an older version
     * @return whether it did
     */
    static boolean put(SearchIndex index, SignedRecord record, SearchDeclarations declarations, boolean absent)
            throws IOException {
        Set<String> fields = declarations.fields(record.type());
        if (fields.isEmpty() || record.deleted()) {
            return false;
        }
        if (absent) {
            index.add(of(record, fields));
        } else {
            index.put(of(record, fields));
        }
        return true;
    }

    static SearchDocument of(SignedRecord record, Set<String> textFields) {
        Map<String, Object> payload = PayloadJson.read(record.payload());
        Map<String, Double> numbers = new TreeMap<>(PayloadJson.numberFields(payload));
        numbers.keySet().removeIf(name -> !FIELD.matcher(name).matches());
        Map<String, String> texts = new TreeMap<>();
        Map<String, String> strings = new TreeMap<>();
        payload.forEach((name, value) -> {
            if (value instanceof String text && FIELD.matcher(name).matches()) {
                String searched = PayloadJson.searchable(text);
                strings.put(name, searched);
                if (textFields.contains(name)) {
                    texts.put(name, searched);
                }
            }
        });
        return new SearchDocument(record.id(), record.module(), record.type(), record.author(), record.createdMillis(),
                record.updatedMillis(), record.sequence(), texts, strings, numbers);
    }
}
