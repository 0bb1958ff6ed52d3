package org.dump.market;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.dump.api.author.ActingUser;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordStore;

/**
 * The market's REST resource on a record store in memory that runs the market's rules ({@link ListingRules}) on
 * every write, as the node does, with one user signed in. Its records can be saved and put back, so that a test
 * can check that a refused request left them as they were.
 */
final class InMemoryMarket implements RecordStore, ActingUser {

    static final AuthorReference ME = new AuthorReference("me");
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final ListingResource resource = new ListingResource(this, this);
    private final ListingRules rules = new ListingRules();
    private final Map<String, ModuleRecord> records = new LinkedHashMap<>();
    private long written;
    /** Runs before each update and delete with the write's name and the record's id; a test makes writes fail. */
    BiConsumer<String, String> failing = (write, id) -> {
    };

    /** The records at one moment, and how many writes there had been (new records' ids come from that count). */
    record Saved(Map<String, ModuleRecord> records, long written) {
    }

    Saved save() {
        return new Saved(Map.copyOf(records), written);
    }

    /** Puts back the records as they were when {@code saved}, so that the next id is the same again. */
    void restore(Saved saved) {
        records.clear();
        records.putAll(saved.records());
        written = saved.written();
    }

    @Override
    public String module() {
        return "market";
    }

    @Override
    public ModuleRecord create(String type, Map<String, ?> payload) {
        rules.validate(type, new HashMap<>(payload));
        StringBuilder id = new StringBuilder();
        for (long n = ++written; id.length() < 26; n /= 26) {
            id.append((char) ('a' + n % 26));
        }
        return store(new ModuleRecord("market", type, id.toString(), "this-node", written, ME, NOW, NOW, "1.0.0",
                new HashMap<>(payload)));
    }

    @Override
    public ModuleRecord update(String id, Map<String, ?> payload) {
        failing.accept("update", id);
        ModuleRecord current = get(id).orElseThrow(() -> new RecordNotFoundException("no record " + id));
        if (!isAuthorOf(current)) {
            throw new NotAuthorException("not yours");
        }
        rules.validate(current.type(), new HashMap<>(payload));
        return store(new ModuleRecord("market", current.type(), id, current.origin(), ++written, ME, current.created(),
                NOW, "1.0.0", new HashMap<>(payload)));
    }

    /** Keeps {@code record} as it is: also how a test puts in a record of another author or node. */
    ModuleRecord store(ModuleRecord record) {
        records.put(record.id(), record);
        return record;
    }

    @Override
    public void delete(String id) {
        failing.accept("delete", id);
        if (records.remove(id) == null) {
            throw new RecordNotFoundException("no record " + id);
        }
    }

    @Override
    public Optional<ModuleRecord> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    /** Answers type, text-equals and author filters, oldest first (the market's image writes need no more). */
    @Override
    public RecordPage query(RecordQuery query) {
        List<ModuleRecord> matching = records.values().stream().filter(r -> r.type().equals(query.type()))
                .filter(r -> query.filters().stream().allMatch(filter -> matches(filter, r))).toList();
        int end = Math.min(matching.size(), query.offset() + query.limit());
        return new RecordPage(query.offset() >= end ? List.of() : matching.subList(query.offset(), end), query.offset(),
                end < matching.size());
    }

    private static boolean matches(RecordFilter filter, ModuleRecord record) {
        return switch (filter.kind()) {
            case TEXT_EQUALS -> record.text(filter.fields().get(0)).filter(filter.text()::equalsIgnoreCase).isPresent();
            case AUTHOR -> filter.author().equals(record.author());
            default -> throw new UnsupportedOperationException("not needed by these tests: " + filter.kind());
        };
    }

    @Override
    public Optional<AuthorReference> author() {
        return Optional.of(ME);
    }

    @Override
    public boolean isAuthorOf(ModuleRecord record) {
        return ME.equals(record.author());
    }
}
