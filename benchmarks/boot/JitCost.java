/*
 * JitCost: steady-state throughput of the work a DUMP node does on its CPU, to weigh JVM options that speed up boot
 * at the price of compiled-code quality (-XX:TieredStopAtLevel=1 stops at C1 and never runs C2).
 *
 * Run it with jit-cost.sh, which takes the jars from a node distribution and compares JVM options in one go:
 *   java -cp <bcprov, dump crypto, jackson jars> benchmarks/boot/JitCost.java [warmup-s] [windows] [window-s] [ops]
 *   java benchmarks/boot/JitCost.java http URL [warmup-s] [windows] [window-s]
 * ops: comma-separated among argon2,sign,verify,json (default all). Prints one line per operation: the median of the
 * windows in operations per second, and every window.
 *
 * Not JMH: a plain loop with a warm-up, good enough to tell a factor of two from noise, which is the question here.
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

public class JitCost {

    static volatile long sink;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("http")) {
            String url = args[1];
            int warmup = arg(args, 2, 10), windows = arg(args, 3, 5), window = arg(args, 4, 3);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
            run("http-get", warmup, windows, window, () -> {
                try {
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                    return response.body().length;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            return;
        }
        int warmup = arg(args, 0, 10), windows = arg(args, 1, 5), window = arg(args, 2, 3);
        List<String> ops = Arrays.asList((args.length > 3 ? args[3] : "argon2,sign,verify,json").split(","));

        // Reflection keeps this file compilable without the jars on javac's path (the source launcher compiles it).
        Class<?> hasherClass = Class.forName("org.dump.crypto.PasswordHasher");
        Class<?> costClass = Class.forName("org.dump.crypto.PasswordHasher$Cost");
        Object hasher = hasherClass.getConstructor(costClass).newInstance(costClass.getField("RECOMMENDED").get(null));
        var hash = hasherClass.getMethod("hash", char[].class);
        Class<?> pairClass = Class.forName("org.dump.crypto.Ed25519KeyPair");
        Object pair = pairClass.getMethod("generate").invoke(null);
        var sign = pairClass.getMethod("sign", byte[].class);
        Object publicKey = pairClass.getMethod("publicKey").invoke(pair);
        var verify = publicKey.getClass().getMethod("verify", byte[].class, byte[].class);
        byte[] message = "a signed announcement of a DUMP node, about this long".getBytes(StandardCharsets.UTF_8);
        byte[] signature = (byte[]) sign.invoke(pair, (Object) message);

        Class<?> mapperClass = Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
        Object mapper = mapperClass.getConstructor().newInstance();
        var writeValueAsBytes = mapperClass.getMethod("writeValueAsBytes", Object.class);
        var readValue = mapperClass.getMethod("readValue", byte[].class, Class.class);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", "aye3vjju467pmsky3svxpojbvsdasrjb");
        node.put("publicKey", "lQX2nQOhff9jA5osoyDLMDfITCHS5ZSXCKVzm6Se3+Q=");
        node.put("name", "node-aye3vjju");
        node.put("version", "0.1.0-SNAPSHOT");
        node.put("publicBaseUrl", "http://localhost:8181/");
        node.put("modules", List.of(Map.of("id", "market", "version", "1.0.0", "enabled", true)));

        for (String op : ops) {
            switch (op.trim()) {
                case "argon2" -> run("argon2id-hash(19MiB,t=2)", warmup, windows, window,
                        () -> invokeLength(hash, hasher, (Object) "correct horse battery".toCharArray()));
                case "sign" -> run("ed25519-sign", warmup, windows, window,
                        () -> ((byte[]) invoke(sign, pair, (Object) message)).length);
                case "verify" -> run("ed25519-verify", warmup, windows, window,
                        () -> ((Boolean) invoke(verify, publicKey, message, signature)) ? 1 : 0);
                case "json" -> run("jackson-write+read", warmup, windows, window, () -> {
                    byte[] json = (byte[]) invoke(writeValueAsBytes, mapper, node);
                    return ((Map<?, ?>) invoke(readValue, mapper, json, Map.class)).size() + json.length;
                });
                default -> throw new IllegalArgumentException("unknown operation " + op);
            }
        }
    }

    static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    static Object invoke(java.lang.reflect.Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (ReflectiveOperationException e) {
            throw new RuntimeException(e);
        }
    }

    static long invokeLength(java.lang.reflect.Method method, Object target, Object argument) {
        return ((String) invoke(method, target, argument)).length();
    }

    static void run(String name, int warmupSeconds, int windows, int windowSeconds, LongSupplier op) {
        long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            sink += op.getAsLong();
        }
        List<Double> rates = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            long start = System.nanoTime(), stop = start + windowSeconds * 1_000_000_000L, n = 0, now;
            do {
                sink += op.getAsLong();
                n++;
                now = System.nanoTime();
            } while (now < stop);
            rates.add(n / ((now - start) / 1e9));
        }
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(null);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        StringBuilder line = new StringBuilder(String.format("%-26s %10.1f ops/s  windows:", name, median));
        for (double rate : rates) {
            line.append(String.format(" %.1f", rate));
        }
        System.out.println(line);
    }
}
