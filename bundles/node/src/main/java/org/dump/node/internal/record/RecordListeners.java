package org.dump.node.internal.record;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordListener;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard of {@link RecordListener}s: each module's listeners hear of that module's records only, after
 * commit, one change at a time on one thread, so a slow listener delays other listeners but never a write.
 */
@Component(service = RecordListeners.class)
public final class RecordListeners {

    private static final Logger LOG = LoggerFactory.getLogger(RecordListeners.class);

    private final ModuleRegistry modules;
    private final Map<RecordListener, ServiceReference<RecordListener>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "dump-record-listeners");
        thread.setDaemon(true);
        return thread;
    });

    /** The changes handed to {@link #delivery} and not yet delivered. */
    private final AtomicInteger queued = new AtomicInteger();

    @Activate
    public RecordListeners(@Reference ModuleRegistry modules) {
        this.modules = modules;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(RecordListener listener, ServiceReference<RecordListener> reference) {
        listeners.put(listener, reference);
    }

    void removeListener(RecordListener listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void stop() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** @return whether any module listens: if none does, changes need not even be prepared for announcing */
    boolean anyone() {
        return !listeners.isEmpty();
    }

    /** Hands committed changes to the listeners of their modules, later, in this order. */
    void announce(List<RecordChange> changes) {
        if (changes.isEmpty() || listeners.isEmpty()) {
            return;
        }
        queued.addAndGet(changes.size());
        try {
            delivery.execute(() -> {
                queued.addAndGet(-changes.size());
                changes.forEach(this::deliver);
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            queued.addAndGet(-changes.size());
            throw stopping;
        }
    }

    /** @return the changes waiting to be delivered, for {@code dump:queues} */
    public int changesQueued() {
        return queued.get();
    }

    private void deliver(RecordChange change) {
        listeners.forEach((listener, reference) -> {
            Optional<RunningModule> module = Optional.ofNullable(reference.getBundle()).flatMap(modules::moduleOf);
            if (module.isEmpty() || !module.get().id().equals(change.record().module())) {
                return;
            }
            try {
                listener.recordChanged(change);
            } catch (RuntimeException e) {
                LOG.warn("Record listener {} of module {} failed on {} of record {}", listener.getClass().getName(),
                        module.get().id(), change.kind(), change.record().id(), e);
            }
        });
    }
}
