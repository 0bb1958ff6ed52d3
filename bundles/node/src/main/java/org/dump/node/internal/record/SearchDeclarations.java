package org.dump.node.internal.record;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dump.api.module.ModuleNamespace;
import org.dump.api.record.RecordQuery;

/**
 * What a module declares searchable: per record type, the string fields whose text the index holds (as
 * {@code type.field} in its {@code @Module(search = ...)}). Entries that do not name a type and a field are ignored
 * with the rest kept: a module's typo must not cost its other searches.
 */
record SearchDeclarations(Map<String, Set<String>> fieldsByType) {

    private static final Pattern TYPE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern FIELD = Pattern.compile(RecordQuery.FIELD_PATTERN);

    static final SearchDeclarations NONE = new SearchDeclarations(Map.of());

    /** @return the declarations in {@code entries}, each {@code type.field} */
    static SearchDeclarations of(Collection<String> entries) {
        Map<String, Set<String>> fields = new TreeMap<>();
        for (String entry : entries) {
            int dot = entry.indexOf('.');
            if (dot > 0 && TYPE.matcher(entry.substring(0, dot)).matches()
                    && FIELD.matcher(entry.substring(dot + 1)).matches()) {
                fields.computeIfAbsent(entry.substring(0, dot), t -> new TreeSet<>()).add(entry.substring(dot + 1));
            }
        }
        return new SearchDeclarations(fields);
    }

    /** @return the declarations that {@link #text()} wrote */
    static SearchDeclarations parse(String text) {
        return text == null || text.isBlank() ? NONE : of(Set.of(text.split(",")));
    }

    /** @return the declarations as one line, the same for the same declarations: {@code type.field,…} */
    String text() {
        return fieldsByType.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(field -> e.getKey() + "." + field))
                .sorted().collect(Collectors.joining(","));
    }

    boolean isEmpty() {
        return fieldsByType.isEmpty();
    }

    /** @return the searchable fields of {@code type}, empty if it has none: its records are not indexed */
    Set<String> fields(String type) {
        return fieldsByType.getOrDefault(type, Set.of());
    }
}
