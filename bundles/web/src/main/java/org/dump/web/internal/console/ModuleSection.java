package org.dump.web.internal.console;

import java.util.List;
import java.util.Map;

import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleInstaller;
import org.dump.repository.ModuleVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code modules.json}: modules installed, versions available from this node's and its peers' repositories,
 * pending updates, the console's recent jobs ({@code ?job=ID} for one job alone) and when the peers' repositories
 * were last read. An install reads the peers' repositories itself when it needs to, as {@code dump:module-install}
 * does, and shows that reading among its steps. Actions, each a job that the
 * page polls (202 with the job): {@code modules/install} (module, optional range), {@code modules/update} (module,
 * optional {@code policy=patch}), {@code modules/uninstall} (module), {@code modules/read-peers}. They do what
 * {@code dump:module-install}, {@code -update}, {@code -uninstall} and {@code module-list -r} do in the shell.
 */
@Component(service = ConsoleSection.class)
public final class ModuleSection implements ConsoleSection {

    /** @param peersRead when the peers' repositories were last read (ISO-8601), or null if not since the start */
    record View(List<InstalledModule> installed, List<ModuleVersion> available, List<PendingUpdates.Update> updates,
            List<InstallJobs.View> jobs, String peersRead) {
    }

    private final ModuleCatalog catalog;
    private final ModuleInstaller installer;
    private final InstallJobs jobs = new InstallJobs();

    @Activate
    public ModuleSection(@Reference ModuleCatalog catalog, @Reference ModuleInstaller installer) {
        this.catalog = catalog;
        this.installer = installer;
    }

    @Deactivate
    void stop() {
        jobs.stop();
    }

    @Override
    public String name() {
        return "modules";
    }

    @Override
    public Object read(Map<String, String> query) {
        String job = query.get("job");
        if (job != null) {
            try {
                return jobs.find(Long.parseLong(job)).orElseThrow(
                        () -> new IllegalArgumentException("no job " + job + " (only the newest are kept)"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("job is a number");
            }
        }
        List<InstalledModule> installed = catalog.installed();
        List<ModuleVersion> available = catalog.available();
        return new View(installed, available, PendingUpdates.of(installed, available), jobs.recent(),
                catalog.peersRead().map(Object::toString).orElse(null));
    }

    @Override
    public Answer act(String action, Map<String, String> form) {
        return switch (action) {
            case "install" -> {
                String module = ConsoleSection.required(form, "module");
                String range = form.get("range") == null || form.get("range").isBlank() ? null : form.get("range").strip();
                yield Answer.accepted(jobs.submit("install", module, p -> installer.install(module, range, p)));
            }
            case "update" -> {
                String module = ConsoleSection.required(form, "module");
                String policy = "patch".equals(form.get("policy")) ? "patch" : "minor";
                yield Answer.accepted(jobs.submit("update", module, p -> installer.update(module, policy, p)));
            }
            case "uninstall" -> {
                String module = ConsoleSection.required(form, "module");
                yield Answer.accepted(jobs.submit("uninstall", module, p -> {
                    p.step("uninstalling " + module);
                    return installer.uninstall(module);
                }));
            }
            case "read-peers" -> Answer.accepted(jobs.submit("read-peers", null, p -> {
                String read = catalog.readPeers(p);
                return ModuleChange.none(read + " " + catalog.available().size() + " version(s) available.");
            }));
            default -> throw ConsoleSection.unknownAction(name(), action);
        };
    }
}
