package org.dump.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP server, run as a process of its own inside a namespace ({@code java -cp TEST-CLASSES
 * org.dump.itests.support.EchoServer ADDRESS PORT}) to try a {@link NodeNetwork} without a node: it answers every
 * request with {@code echo METHOD PATH BODY}, and runs until it is killed. Only the JDK.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] arguments) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(arguments[0], Integer.parseInt(arguments[1])), 16);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] answer = ("echo " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        System.out.println("listening on " + arguments[0] + ":" + arguments[1]);
    }
}
