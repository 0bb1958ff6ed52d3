package org.dump.node.internal.signin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.Test;

/** The source of a shell or console sign-in, as Karaf's SSH server and web console describe it. */
public class AccountLoginModuleTest {

    @Test
    public void theAddressComesFromKarafsClientPrincipalWithoutThePort() {
        assertEquals("127.0.0.1", address("ssh", "/127.0.0.1:50022"));
        assertEquals("127.0.0.1", address("ssh", "localhost/127.0.0.1:50022"));
        assertEquals("0:0:0:0:0:0:0:1", address("ssh", "/0:0:0:0:0:0:0:1:50022"));
        assertEquals("192.0.2.4", address("webconsole", "192.0.2.4:41000"));
        assertEquals("::1", address("webconsole", "[::1]:41000"));
    }

    @Test
    public void withoutAClientPrincipalTheSourceIsUnknown() {
        assertNull(AccountLoginModule.clientAddress(new Subject()));
        assertNull(AccountLoginModule.clientAddress(null));
    }

    private static String address(String method, String address) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal(method, address));
        return AccountLoginModule.clientAddress(subject);
    }
}
