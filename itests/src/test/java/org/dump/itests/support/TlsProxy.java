package org.dump.itests.support;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's nginx terminating TLS on loopback in front of nodes, as docs/admin.md ("Behind a reverse proxy with TLS")
 * sets it up: a certificate for {@code localhost} and {@code 127.0.0.1} from a test CA made here with the openssl CLI,
 * one server block for each node ({@code https://localhost:PORT/} to {@code http://127.0.0.1:HTTP/}), the
 * {@code X-Forwarded-*} headers, body size and long-poll timeouts. nginx runs as a process of its own with its files
 * in one directory; {@link #close} ends it by its PID.
 */
public final class TlsProxy implements AutoCloseable {

    /** Password of the PKCS #12 trust store holding the test CA (a trust store protects nothing secret). */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private static final Duration COMMAND = Duration.ofSeconds(30);

    private final Path dir;
    private final Map<Integer, Integer> sites = new LinkedHashMap<>();
    private Process nginx;

    /** @return whether nginx and openssl can be run here */
    public static boolean available() {
        return runs("nginx", "-v") && runs("openssl", "version");
    }

    private static boolean runs(String... command) {
        try {
            return Commands.run(List.of(command), new File("."), Map.of(), null, COMMAND).exitCode() == 0;
        } catch (RuntimeException notThere) {
            return false;
        }
    }

    /** Makes the test CA and the server's certificate in a new directory {@code dir}. */
    public TlsProxy(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir).toRealPath();
        Files.writeString(this.dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=serverAuth\n");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=DUMP test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", "ca.key", "-out", "ca.crt");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost",
                "-keyout", "server.key", "-out", "server.csr");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
    }

    /** @return the test CA's certificate (PEM) */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** Writes a PKCS #12 trust store that trusts the test CA to {@code file}, and returns {@code file}. */
    public Path writeTrustStore(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("dump-test-ca", ca());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    /** @return TLS that trusts the test CA only */
    public SSLContext tls() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("dump-test-ca", ca());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Serves {@code https://localhost:publicPort/} from {@code http://127.0.0.1:httpPort/} once started. */
    public TlsProxy site(int publicPort, int httpPort) {
        sites.put(publicPort, httpPort);
        return this;
    }

    /** Writes nginx.conf and starts nginx; returns once it answers on every site's port. */
    public void start() throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        StringBuilder servers = new StringBuilder();
        sites.forEach((publicPort, httpPort) -> servers.append(server(publicPort, httpPort)));
        String root = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), root + "worker_processes 1;\npid " + dir.resolve("nginx.pid")
                + ";\nerror_log " + dir.resolve("error.log") + " warn;\nevents { worker_connections 256; }\n"
                + "http {\n  access_log " + dir.resolve("access.log") + ";\n"
                + "  client_body_temp_path " + dir.resolve("tmp/body") + ";\n  proxy_temp_path "
                + dir.resolve("tmp/proxy") + ";\n  fastcgi_temp_path " + dir.resolve("tmp/fastcgi")
                + ";\n  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";\n  scgi_temp_path "
                + dir.resolve("tmp/scgi") + ";\n" + servers + "}\n");
        nginx = new ProcessBuilder("nginx", "-p", dir + "/", "-e", dir.resolve("error.log").toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-g", "daemon off;").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        for (int port : sites.keySet()) {
            awaitListening(port);
        }
    }

    /** The server block docs/admin.md shows, on a loopback port and with the test's certificate. */
    private String server(int publicPort, int httpPort) {
        return "  server {\n"
                + "    listen 127.0.0.1:" + publicPort + " ssl;\n"
                + "    server_name localhost;\n"
                + "    ssl_certificate " + dir.resolve("server.crt") + ";\n"
                + "    ssl_certificate_key " + dir.resolve("server.key") + ";\n"
                + "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                + "    client_max_body_size 10m;\n"
                + "    location / {\n"
                + "      proxy_pass http://127.0.0.1:" + httpPort + ";\n"
                + "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Host $host:$server_port;\n"
                + "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                + "      proxy_set_header X-Forwarded-Proto $scheme;\n"
                + "      proxy_set_header X-Forwarded-Host $host:$server_port;\n"
                + "      proxy_buffering off;\n"
                + "      proxy_request_buffering off;\n"
                + "      proxy_read_timeout 120s;\n"
                + "      proxy_send_timeout 120s;\n"
                + "    }\n"
                + "  }\n";
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + COMMAND.toNanos();
        while (true) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx does not listen on " + port + ": " + log());
                }
                Thread.sleep(100);
            }
        }
    }

    /** @return what nginx wrote to its console and error log */
    public String log() throws IOException {
        Path out = dir.resolve("nginx.out");
        Path errors = dir.resolve("error.log");
        return (Files.isRegularFile(out) ? Files.readString(out) : "")
                + (Files.isRegularFile(errors) ? Files.readString(errors) : "");
    }

    private X509Certificate ca() throws Exception {
        try (InputStream in = Files.newInputStream(caCertificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Commands.Result result = Commands.run(command, dir.toFile(), Map.of(), null, COMMAND);
        assertEquals(result.toString(), 0, result.exitCode());
    }

    /** Ends nginx (the master, which ends its worker; then both by force if need be). */
    @Override
    public void close() throws InterruptedException {
        if (nginx == null) {
            return;
        }
        List<ProcessHandle> workers = nginx.toHandle().descendants().toList();
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            Commands.kill(nginx.toHandle());
        }
        workers.forEach(ProcessHandle::destroyForcibly);
    }
}
