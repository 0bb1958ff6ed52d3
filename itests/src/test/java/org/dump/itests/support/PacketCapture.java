package org.dump.itests.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What crosses a host's {@code eth0}, captured by tcpdump in its namespace ({@code ip netns exec NS tcpdump -i eth0
 * -s 0 -U -w FILE}) from {@link #start} to {@link #stop}, and searched for a string: in the file's bytes, and in each
 * TCP stream put back together (a string that a segment boundary splits is found too). Needs root and tcpdump.
 * The file and tcpdump's own messages ({@code FILE.log}) stay for a look.
 */
public final class PacketCapture implements AutoCloseable {

    private static final Duration LISTENING = Duration.ofSeconds(15);
    /** pcap's link types: Ethernet, and Linux "cooked" capture (any interface). */
    private static final int ETHERNET = 1;
    private static final int LINUX_SLL = 113;

    private final Path file;
    private final Path log;
    private final Process tcpdump;

    private PacketCapture(Path file, Path log, Process tcpdump) {
        this.file = file;
        this.log = log;
        this.tcpdump = tcpdump;
    }

    /** Starts capturing every packet of {@code host}'s eth0 into {@code file}; returns once tcpdump listens. */
    public static PacketCapture start(NodeNetwork.Host host, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Path log = file.resolveSibling(file.getFileName() + ".log");
        List<String> command = new ArrayList<>(host.launcher());
        // --immediate-mode hands each packet over at once: otherwise the kernel holds packets in its ring buffer
        // for up to a second, and a SIGTERM within that second loses them ("12 packets received by filter, 0
        // captured"). -U writes each packet to the file at once; -Z root keeps tcpdump from switching to a user
        // who may not write the file.
        command.addAll(List.of("tcpdump", "-i", "eth0", "-s", "0", "--immediate-mode", "-U", "-n", "-Z", "root",
                "-w", file.toString()));
        Process tcpdump = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + LISTENING.toNanos();
        while (!Files.readString(log).contains("listening on")) {
            if (!tcpdump.isAlive() || System.nanoTime() > deadline) {
                Commands.kill(tcpdump.toHandle());
                throw new AssertionError("tcpdump in " + host.namespace() + " did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new PacketCapture(file, log, tcpdump);
    }

    /**
     * Stops tcpdump as Ctrl-C would (SIGTERM: it writes what it holds and ends), a moment after the last packet it
     * should see, and waits for it.
     */
    public void stop() throws InterruptedException {
        if (tcpdump.isAlive()) {
            Thread.sleep(500);
            tcpdump.destroy();
            if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
                Commands.kill(tcpdump.toHandle());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** @return the capture file (pcap) */
    public Path file() {
        return file;
    }

    /** @return what tcpdump said (e.g. "N packets captured"), once stopped */
    public String summary() throws IOException {
        return Files.readString(log).strip().replace('\n', ';');
    }

    /** @return whether {@code text} (UTF-8) is in the capture: in one packet, or across segments of a TCP stream */
    public boolean contains(String text) throws IOException {
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        return indexOf(Files.readAllBytes(file), wanted) >= 0 || !streamsWith(text).isEmpty();
    }

    /** @return the TCP streams ("from > to", addresses and ports) whose bytes, put back in order, hold {@code text} */
    public List<String> streamsWith(String text) throws IOException {
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        streams().forEach((stream, bytes) -> {
            if (indexOf(bytes, wanted) >= 0) {
                found.add(stream);
            }
        });
        return found;
    }

    /** @return every TCP stream's payload in sequence order (retransmitted bytes once), by "from > to" */
    public Map<String, byte[]> streams() throws IOException {
        ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file));
        if (pcap.remaining() < 24) {
            return Map.of();
        }
        int magic = pcap.order(ByteOrder.BIG_ENDIAN).getInt(0);
        pcap.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int linkType = pcap.getInt(20);
        int linkHeader = linkType == ETHERNET ? 14 : linkType == LINUX_SLL ? 16 : -1;
        if (linkHeader < 0) {
            throw new IllegalStateException("link type " + linkType + " in " + file + ": only Ethernet is read");
        }
        Map<String, TreeMap<Long, byte[]>> segments = new LinkedHashMap<>();
        Map<String, Long> firstSequence = new LinkedHashMap<>();
        for (int at = 24; at + 16 <= pcap.limit();) {
            int captured = pcap.getInt(at + 8);
            int packet = at + 16;
            at = packet + captured;
            if (at > pcap.limit() || captured < linkHeader + 20
                    || (pcap.get(packet + linkHeader - 2) & 0xff) != 0x08 || pcap.get(packet + linkHeader - 1) != 0) {
                continue; // cut off at the end of the file, or not IPv4
            }
            // The file's own numbers are in the writer's byte order; a packet's, in network order.
            ByteBuffer ip = pcap.slice(packet + linkHeader, captured - linkHeader).order(ByteOrder.BIG_ENDIAN);
            int ipHeader = (ip.get(0) & 0x0f) * 4;
            int ipLength = Math.min(ip.getShort(2) & 0xffff, ip.limit());
            if (ip.get(9) != 6 || ipLength < ipHeader + 20) {
                continue; // not TCP
            }
            int tcpHeader = ((ip.get(ipHeader + 12) & 0xf0) >> 4) * 4;
            int payload = ipLength - ipHeader - tcpHeader;
            if (payload <= 0) {
                continue;
            }
            String stream = address(ip, 12) + ":" + (ip.getShort(ipHeader) & 0xffff) + " > " + address(ip, 16) + ":"
                    + (ip.getShort(ipHeader + 2) & 0xffff);
            long sequence = ip.getInt(ipHeader + 4) & 0xffffffffL;
            long first = firstSequence.computeIfAbsent(stream, s -> sequence);
            byte[] bytes = new byte[payload];
            ip.get(ipHeader + tcpHeader, bytes);
            segments.computeIfAbsent(stream, s -> new TreeMap<>()).putIfAbsent((sequence - first) & 0xffffffffL, bytes);
        }
        Map<String, byte[]> streams = new LinkedHashMap<>();
        segments.forEach((stream, ordered) -> streams.put(stream, joined(ordered)));
        return streams;
    }

    /** @return the segments one after the other; bytes sent twice (a retransmission) are kept once */
    private static byte[] joined(TreeMap<Long, byte[]> ordered) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long next = 0;
        for (Map.Entry<Long, byte[]> segment : ordered.entrySet()) {
            long start = segment.getKey();
            byte[] bytes = segment.getValue();
            int skip = (int) Math.max(0, Math.min(bytes.length, next - start));
            out.write(bytes, skip, bytes.length - skip);
            next = Math.max(next, start + bytes.length);
        }
        return out.toByteArray();
    }

    private static String address(ByteBuffer ip, int at) {
        return (ip.get(at) & 0xff) + "." + (ip.get(at + 1) & 0xff) + "." + (ip.get(at + 2) & 0xff) + "."
                + (ip.get(at + 3) & 0xff);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** @return the size of the capture file now */
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
