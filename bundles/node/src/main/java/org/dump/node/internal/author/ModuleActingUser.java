package org.dump.node.internal.author;

import java.util.Optional;

import org.dump.api.author.ActingUser;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.node.module.ModuleRegistry;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * {@link ActingUser} for one module bundle (bundle scope), giving pseudonyms in that module only. Like the record
 * store, it exists only for bundles that run a module.
 */
@Component(service = ActingUser.class, scope = ServiceScope.BUNDLE)
public final class ModuleActingUser implements ActingUser {

    private final String module;
    private final ActingAuthors authors;

    @Activate
    public ModuleActingUser(ComponentContext context, @Reference ModuleRegistry modules,
            @Reference ActingAuthors authors) {
        Bundle bundle = context.getUsingBundle();
        this.module = modules.moduleOf(bundle).orElseThrow(() -> new IllegalStateException("bundle "
                + bundle.getSymbolicName() + " asked who is acting but does not run a module")).id();
        this.authors = authors;
    }

    @Override
    public Optional<AuthorReference> author() {
        return authors.acting(module);
    }

    @Override
    public boolean isAuthorOf(ModuleRecord record) {
        return record != null && record.module().equals(module) && record.author() != null
                && author().map(record.author()::equals).orElse(false);
    }
}
