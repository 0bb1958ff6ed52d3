package org.dump.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * A node's Karaf shell over SSH from inside the test's JVM: the same SSH server, account and commands as
 * {@code bin/client} (what an administrator types, run as an SSH exec request, like {@code ssh -p PORT admin@host
 * 'dump:status'}), without starting a JVM for each command, which costs about 2 s of CPU each time. Tests of the
 * scripts themselves still run {@code bin/client}.
 */
final class KarafShell {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofMinutes(5);
    private static SshClient client;

    private KarafShell() {
    }

    /** Runs {@code command} as {@code user} on the shell at 127.0.0.1:{@code port}; the exit code is Karaf's. */
    static Commands.Result run(int port, String user, String password, String command) throws IOException {
        List<String> line = List.of("ssh", "-p", Integer.toString(port), user + "@127.0.0.1", command);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ClientSession session = client().connect(user, "127.0.0.1", port).verify(CONNECT).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(CONNECT);
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(output);
                channel.setErr(output);
                channel.open().verify(CONNECT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND);
                Integer exit = channel.getExitStatus();
                return new Commands.Result(line, exit == null ? -1 : exit, output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // Shaped like bin/client's answer, so that callers can tell a refused password or a closed session.
            return new Commands.Result(line, 1, output.toString(StandardCharsets.UTF_8) + e.getMessage());
        }
    }

    private static synchronized SshClient client() {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE); // each node makes its host key
            client.start();
        }
        return client;
    }
}
