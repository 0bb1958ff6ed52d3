package org.dump.testkit;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.dump.api.author.ActingUser;
import org.dump.api.module.ModuleNamespace;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordListener;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordStore;
import org.dump.api.record.RecordValidator;

/**
 * A module's record store in memory, for unit tests: what a module sees of the node's store, without a node. It keeps
 * the node's rules (docs/modules.md, Records, and the javadoc of {@link RecordStore}): record types matching
 * {@link ModuleNamespace#ID_PATTERN}, payloads as the node reads them back and no larger than it takes, the
 * module's {@link RecordValidator}s on every write, only the author changing a record and only on the node that
 * wrote it, one sequence number per write, ids that sort as their times, and queries with the node's filters,
 * orders and pages. {@link RecordListener}s hear of each change after it is made, on the writing thread (the node
 * tells them on a thread of its own).
 * <p>
 * Nothing is signed and nothing travels: {@link #receive} stands for a record that another node wrote.
 */
public final class InMemoryRecordStore implements RecordStore {

    /** The id this store's node signs with, as {@link ModuleRecord#origin()}. */
    public static final String THIS_NODE = "testnode";

    private static final Pattern TYPE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern DATA_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private final String module;
    private final String dataVersion;
    private final ActingUser acting;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final Map<String, ModuleRecord> records = new LinkedHashMap<>();
    private final List<RecordValidator> validators = new CopyOnWriteArrayList<>();
    private final List<RecordListener> listeners = new CopyOnWriteArrayList<>();
    private long sequence;

    /** A store of {@code module} at data version 1.0.0, on the system clock, taking payloads up to 512 KiB. */
    public InMemoryRecordStore(String module, ActingUser acting) {
        this(module, "1.0.0", acting, Clock.systemUTC(), Payloads.DEFAULT_MAX_BYTES);
    }

    /**
     * @param dataVersion     the module's data version ({@code @Module(dataVersion)}), major.minor.micro
     * @param acting          who is acting at each call, e.g. a {@link TestActingUser}
     * @param clock           where created and updated times come from (millisecond precision, like the node's)
     * @param maxPayloadBytes the node's {@code maxPayloadBytes}
     */
    public InMemoryRecordStore(String module, String dataVersion, ActingUser acting, Clock clock,
            int maxPayloadBytes) {
        if (module == null || !TYPE.matcher(module).matches()) {
            throw new IllegalArgumentException("a module id matches " + ModuleNamespace.ID_PATTERN + ": " + module);
        }
        if (dataVersion == null || !DATA_VERSION.matcher(dataVersion).matches()) {
            throw new IllegalArgumentException("a data version is major.minor.micro: " + dataVersion);
        }
        if (maxPayloadBytes < 2) {
            throw new IllegalArgumentException("maxPayloadBytes must leave room for {}: " + maxPayloadBytes);
        }
        this.module = module;
        this.dataVersion = dataVersion;
        this.acting = Objects.requireNonNull(acting, "acting");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Runs {@code validator} on every record from now on, as the node runs a module's registered validators. */
    public InMemoryRecordStore addValidator(RecordValidator validator) {
        validators.add(Objects.requireNonNull(validator, "validator"));
        return this;
    }

    /** Tells {@code listener} of every change from now on. */
    public InMemoryRecordStore addListener(RecordListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public String module() {
        return module;
    }

    @Override
    public synchronized ModuleRecord create(String type, Map<String, ?> payload) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidRecordException("a record type matches " + ModuleNamespace.ID_PATTERN + ": " + type);
        }
        Map<String, Object> accepted = Payloads.accept(payload, maxPayloadBytes);
        validate(type, accepted);
        Instant now = now();
        ModuleRecord record = new ModuleRecord(module, type, RecordIds.next(now.toEpochMilli()), THIS_NODE,
                ++sequence, acting.author().orElse(null), now, now, dataVersion, accepted);
        records.put(record.id(), record);
        tell(new RecordChange(RecordChange.Kind.CREATED, record, true));
        return record;
    }

    @Override
    public synchronized ModuleRecord update(String id, Map<String, ?> payload) {
        Map<String, Object> accepted = Payloads.accept(payload, maxPayloadBytes);
        ModuleRecord current = changeable(id);
        validate(current.type(), accepted);
        Instant now = now();
        ModuleRecord record = new ModuleRecord(module, current.type(), id, current.origin(), ++sequence,
                current.author(), current.created(), now.isAfter(current.updated()) ? now : current.updated(),
                dataVersion, accepted);
        records.put(id, record);
        tell(new RecordChange(RecordChange.Kind.UPDATED, record, true));
        return record;
    }

    @Override
    public synchronized void delete(String id) {
        ModuleRecord current = changeable(id);
        records.remove(id);
        sequence++;
        tell(new RecordChange(RecordChange.Kind.DELETED, current, true));
    }

    @Override
    public synchronized Optional<ModuleRecord> get(String id) {
        return Optional.ofNullable(id == null ? null : records.get(id));
    }

    @Override
    public synchronized RecordPage query(RecordQuery query) {
        return QueryAnswers.page(records.values(), Objects.requireNonNull(query, "query"));
    }

    /**
     * Takes a record as if another node had written it and sent it here: the module's validators check it, listeners
     * hear of it as not local, and nobody on this node may change it.
     *
     * @param origin the writing node's id (not {@link #THIS_NODE})
     * @param author its author's pseudonym, or null
     * @return the record as stored
     * @throws InvalidRecordException if the module's rules or the node's refuse it, as a node refuses a peer's record
     */
    public synchronized ModuleRecord receive(String origin, String type, Map<String, ?> payload,
            AuthorReference author) {
        if (origin == null || origin.isBlank() || origin.equals(THIS_NODE)) {
            throw new IllegalArgumentException("a received record comes from another node than " + THIS_NODE);
        }
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidRecordException("a record type matches " + ModuleNamespace.ID_PATTERN + ": " + type);
        }
        Map<String, Object> accepted = Payloads.accept(payload, maxPayloadBytes);
        validate(type, accepted);
        Instant now = now();
        ModuleRecord record = new ModuleRecord(module, type, RecordIds.next(now.toEpochMilli()), origin, 1, author,
                now, now, dataVersion, accepted);
        records.put(record.id(), record);
        tell(new RecordChange(RecordChange.Kind.CREATED, record, false));
        return record;
    }

    /** @return every record of the module, in the order they were first written */
    public synchronized List<ModuleRecord> records() {
        return List.copyOf(records.values());
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /** The node's check before a change, in its order and with its messages. */
    private ModuleRecord changeable(String id) {
        ModuleRecord current = id == null || !RecordIds.FORM.matcher(id).matches() ? null : records.get(id);
        if (current == null) {
            throw new RecordNotFoundException("there is no record " + id + " in module " + module);
        }
        if (!current.origin().equals(THIS_NODE)) {
            throw new NotAuthorException("record " + id + " was written on another node; only that node changes it");
        }
        if (!Objects.equals(current.author(), acting.author().orElse(null))) {
            throw new NotAuthorException(current.author() == null
                    ? "record " + id + " belongs to the module itself; users cannot change it"
                    : "only the author of record " + id + " may change it");
        }
        return current;
    }

    private void validate(String type, Map<String, Object> payload) {
        for (RecordValidator validator : validators) {
            try {
                validator.validate(type, payload);
            } catch (InvalidRecordException e) {
                throw new InvalidRecordException("module " + module + " refuses this " + type + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // The node logs the failure and refuses the record: a broken rule must not let records through.
                throw new InvalidRecordException("the rules of module " + module + " could not check this " + type);
            }
        }
    }

    private void tell(RecordChange change) {
        for (RecordListener listener : listeners) {
            try {
                listener.recordChanged(change);
            } catch (RuntimeException e) {
                // As on the node: a listener that throws is reported and keeps hearing of changes.
                System.err.println("record listener " + listener + " failed on " + change + ": " + e);
            }
        }
    }
}
