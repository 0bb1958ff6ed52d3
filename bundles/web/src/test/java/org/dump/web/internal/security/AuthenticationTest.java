package org.dump.web.internal.security;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.Test;

public class AuthenticationTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void wellFormedBasicCredentialsAreSplitAtTheFirstColon() {
        assertArrayEquals(new String[] {"adam", "socks:for:sale"},
                Authentication.basicCredentials(basic("adam:socks:for:sale")).orElseThrow());
        assertArrayEquals(new String[] {"stéphanie", "pässword"},
                Authentication.basicCredentials("basic  " + basic("stéphanie:pässword").substring(6)).orElseThrow());
    }

    @Test
    public void anythingElseIsNotBasicCredentials() {
        assertTrue(Authentication.basicCredentials("Bearer abc").isEmpty());
        assertTrue(Authentication.basicCredentials("Basic").isEmpty());
        assertTrue(Authentication.basicCredentials("Basic !!!notbase64").isEmpty());
        assertTrue(Authentication.basicCredentials(basic("no-colon")).isEmpty());
        assertTrue(Authentication.basicCredentials(basic(":password-without-user")).isEmpty());
    }
}
