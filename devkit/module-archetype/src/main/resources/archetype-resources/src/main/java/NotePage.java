package ${package};

import org.dump.api.web.ModulePage;
import org.osgi.service.component.annotations.Component;

/**
 * The module's page in the node's user interface: the files under {@code /ui} of the bundle, served at
 * {@code /modules/${moduleId}/notes/} and listed in the node's navigation. The page loads the node's page contract
 * ({@link ModulePage#SCRIPT}) before its own script.
 */
@Component(service = ModulePage.class)
public final class NotePage implements ModulePage {

    @Override
    public String name() {
        return "notes";
    }

    @Override
    public String title() {
        return "Notes";
    }

    @Override
    public String folder() {
        return "/ui";
    }
}
