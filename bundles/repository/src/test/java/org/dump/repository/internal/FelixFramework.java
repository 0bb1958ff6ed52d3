package org.dump.repository.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.resolver.Resolver;

/** A real OSGi framework (Felix, as Karaf runs it) for the length of a test, with its storage in a folder. */
final class FelixFramework extends ExternalResource {

    private final TemporaryFolder folder;
    private Framework framework;

    FelixFramework(TemporaryFolder folder) {
        this.folder = folder;
    }

    @Override
    protected void before() throws Throwable {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(Constants.FRAMEWORK_STORAGE, folder.newFolder("framework").toString());
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(configuration);
        framework.start();
    }

    @Override
    protected void after() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    Resolver resolver() {
        return context().getService(context().getServiceReference(Resolver.class));
    }
}
