package org.dump.node.internal.record;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import org.dump.node.record.RecordSearchIndex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The search index as {@code dump:search-rebuild} sees it. */
@Component(service = RecordSearchIndex.class)
public final class SearchAdministration implements RecordSearchIndex {

    private final RecordSearch search;

    @Activate
    public SearchAdministration(@Reference RecordCore core) {
        this.search = core.search();
    }

    @Override
    public Status status() {
        Map<String, ModuleIndex> modules = new TreeMap<>();
        search.modules().forEach((module, ready) -> modules.put(module,
                new ModuleIndex(search.declared(module).text(), ready)));
        return search.index() == null ? new Status(null, 0, 0, modules)
                : new Status(search.index().folder().toString(), search.index().size(), search.behind(), modules);
    }

    @Override
    public int rebuild(String module) {
        if (search.declared(module).isEmpty()) {
            throw new IllegalArgumentException("module " + module + " declared no searchable fields");
        }
        try {
            return search.rebuild(module).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
