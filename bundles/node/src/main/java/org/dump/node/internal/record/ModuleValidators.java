package org.dump.node.internal.record;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.RecordValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules modules declare for their records ({@link RecordValidator}), run on every record before it is stored:
 * written here or taken from a peer. A validator counts only while the bundle that registered it runs the module it
 * names, so no other bundle can refuse (and so suppress) a module's records.
 */
final class ModuleValidators {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleValidators.class);

    private record Declared(RecordValidator validator, BooleanSupplier runsModule) {
    }

    private final Map<String, List<Declared>> byModule = new ConcurrentHashMap<>();

    /** @param runsModule whether the validator's bundle runs {@code module}, asked at every use */
    void add(String module, RecordValidator validator, BooleanSupplier runsModule) {
        byModule.computeIfAbsent(module, m -> new CopyOnWriteArrayList<>()).add(new Declared(validator, runsModule));
    }

    void remove(RecordValidator validator) {
        byModule.values().forEach(list -> list.removeIf(d -> d.validator() == validator));
    }

    /** @return why {@code module}'s rules refuse a record of {@code type} with {@code payload}, or empty */
    Optional<String> problem(String module, String type, Map<String, Object> payload) {
        for (Declared declared : byModule.getOrDefault(module, List.of())) {
            if (!declared.runsModule().getAsBoolean()) {
                continue;
            }
            try {
                declared.validator().validate(type, payload);
            } catch (InvalidRecordException e) {
                return Optional.of("module " + module + " refuses this " + type + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("The record rules of module {} failed on a record of type {}", module, type, e);
                return Optional.of("the rules of module " + module + " could not check this " + type);
            }
        }
        return Optional.empty();
    }

    /** @throws InvalidRecordException if {@code module}'s rules refuse the record */
    void check(String module, String type, Map<String, Object> payload) {
        Optional<String> problem = problem(module, type, payload);
        if (problem.isPresent()) {
            throw new InvalidRecordException(problem.get());
        }
    }
}
