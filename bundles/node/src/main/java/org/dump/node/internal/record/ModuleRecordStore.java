package org.dump.node.internal.record;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dump.api.module.ModuleNamespace;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordStore;
import org.dump.node.internal.author.ActingAuthors;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The record store of one module bundle. DS makes one instance per bundle that asks (bundle scope) and binds it to
 * that bundle's module for good; a bundle that declares no module, or claims a module another bundle runs, gets
 * no store at all (activation fails, so its reference stays unsatisfied).
 */
@Component(service = RecordStore.class, scope = ServiceScope.BUNDLE)
public final class ModuleRecordStore implements RecordStore {

    private final RunningModule module;
    private final ModuleRecords records;
    private final ActingAuthors authors;

    @Activate
    public ModuleRecordStore(ComponentContext context, @Reference ModuleRegistry modules,
            @Reference ModuleRecords records, @Reference ActingAuthors authors) {
        this(moduleOf(context.getUsingBundle(), modules), records, authors);
        records.declareSearch(module.id(), searchDeclared(context.getUsingBundle()));
    }

    /** @return the {@code type.field} entries of the bundle's {@code @Module(search = ...)} */
    static List<String> searchDeclared(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<BundleCapability> declared = revision == null ? List.of()
                : revision.getDeclaredCapabilities(ModuleNamespace.NAMESPACE);
        Object search = declared.isEmpty() ? null
                : declared.get(0).getAttributes().get(ModuleNamespace.SEARCH_ATTRIBUTE);
        if (search instanceof Collection<?> entries) {
            return entries.stream().map(String::valueOf).map(String::strip).toList();
        }
        return search == null ? List.of() : Arrays.stream(search.toString().split(",")).map(String::strip).toList();
    }

    ModuleRecordStore(RunningModule module, ModuleRecords records, ActingAuthors authors) {
        this.module = module;
        this.records = records;
        this.authors = authors;
    }

    private static RunningModule moduleOf(Bundle bundle, ModuleRegistry modules) {
        return modules.moduleOf(bundle).orElseThrow(() -> new IllegalStateException("bundle "
                + bundle.getSymbolicName() + " asked for a record store but does not run a module (no "
                + "dump.module capability, or another bundle runs that module)"));
    }

    @Override
    public String module() {
        return module.id();
    }

    @Override
    public ModuleRecord create(String type, Map<String, ?> payload) {
        return records.create(module, type, payload, authors.acting(module.id()).orElse(null));
    }

    @Override
    public ModuleRecord update(String id, Map<String, ?> payload) {
        return records.update(module, id, payload, authors.acting(module.id()).orElse(null));
    }

    @Override
    public void delete(String id) {
        records.delete(module, id, authors.acting(module.id()).orElse(null));
    }

    @Override
    public Optional<ModuleRecord> get(String id) {
        return records.get(module.id(), id);
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return records.query(module.id(), query);
    }
}
