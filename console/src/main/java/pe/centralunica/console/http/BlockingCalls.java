package pe.centralunica.console.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where HTTP handlers run blocking work (JDBC): one virtual thread per task, so the event loop never waits
 * and a slow query parks a virtual thread rather than a platform thread.
 */
public final class BlockingCalls implements AutoCloseable {

    private final Vertx vertx;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("http-blocking-", 0).factory());

    public BlockingCalls(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Future<T> run(Callable<T> work) {
        var context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        executor.execute(() -> {
            try {
                T value = work.call();
                context.runOnContext(v -> promise.complete(value));
            } catch (Throwable e) {
                context.runOnContext(v -> promise.fail(e));
            }
        });
        return promise.future();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
