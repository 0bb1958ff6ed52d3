package org.dump.repository.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.dump.repository.ModuleRefusedException;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How this bundle reads what others serve: {@code http(s):} URLs with its one HTTP client (no redirects: a peer
 * answers for itself), {@code file:} URLs from the disk, and never more than a given number of bytes nor for longer
 * than a given time from the request to the last byte (the JDK's request timeout ends with the headers; a peer that
 * trickles its answer would hold a thread for ever).
 */
final class RepositoryHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The longest a bundle (up to 64 MiB) may take to arrive. */
    static final Duration BUNDLE_TIMEOUT = Duration.ofMinutes(5);
    /** The bundle's one JSON mapper, for what peers serve and for what this node serves them. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    /** Where the deadlines of answers wait: each closes its answer's stream, which ends a read that waits. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "dump-repository-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    RepositoryHttp() {
        deadlines.setRemoveOnCancelPolicy(true);
    }

    void close() {
        deadlines.shutdownNow();
    }

    /** @return the body, refused if larger than {@code limit} */
    byte[] fetch(URI url, int limit, Duration timeout) throws IOException, InterruptedException {
        try (InputStream in = open(url, timeout)) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new IOException(url + " answered more than " + limit + " bytes");
            }
            return body;
        }
    }

    byte[] fetch(URI url, int limit) throws IOException, InterruptedException {
        return fetch(url, limit, TIMEOUT);
    }

    /** As {@link #fetch}, with the failure in words for the administrator. */
    byte[] read(URI url, int limit) throws ModuleRefusedException {
        try {
            return fetch(url, limit);
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot read " + url + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleRefusedException("Interrupted while reading " + url, e);
        }
    }

    /** @return the body of {@code url}, which must be read within {@link #BUNDLE_TIMEOUT} */
    InputStream open(URI url) throws IOException, InterruptedException {
        return open(url, BUNDLE_TIMEOUT);
    }

    private InputStream open(URI url, Duration timeout) throws IOException, InterruptedException {
        if ("file".equals(url.getScheme())) {
            return Files.newInputStream(Path.of(url));
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IOException("only http, https and file URLs are read: " + url);
        }
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return new Deadline(response.body(), url, timeout, timeout.toNanos() - (System.nanoTime() - sent), deadlines);
    }

    /** An answer's body that is closed, and says why, when its time is up. */
    private static final class Deadline extends FilterInputStream {

        private final URI url;
        private final Duration timeout;
        private final ScheduledFuture<?> alarm;
        private volatile boolean late;

        /** @param nanosLeft how long the rest of the answer may take */
        Deadline(InputStream in, URI url, Duration timeout, long nanosLeft, ScheduledThreadPoolExecutor deadlines) {
            super(in);
            this.url = url;
            this.timeout = timeout;
            this.alarm = deadlines.schedule(this::timeUp, nanosLeft, TimeUnit.NANOSECONDS);
        }

        private void timeUp() {
            late = true;
            try {
                in.close();
            } catch (IOException e) {
                // closed already
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw late ? tooSlow() : e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw late ? tooSlow() : e;
            }
        }

        private IOException tooSlow() {
            return new IOException(url + " took more than " + timeout.toSeconds() + " s to answer");
        }

        @Override
        public void close() throws IOException {
            alarm.cancel(false);
            super.close();
        }
    }

    /**
     * @return why {@code e} happened, in words: its message or its causes', or for the JDK's exceptions that have
     *         none (a refused connection, a timeout) what they mean; never "null"
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank() && !t.getMessage().equals("null")) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "the connection was refused";
            }
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "the host is unknown";
            }
            if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException) {
                return "the connection closed before the end";
            }
        }
        return "no reason given (" + e.getClass().getSimpleName() + ")";
    }
}
