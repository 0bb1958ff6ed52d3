package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.Test;
import org.osgi.framework.Version;

public class RepositoryIndexTest {

    private static final String HEAD = "<repository xmlns='http://www.osgi.org/xmlns/repository/v1.0.0' name='r' "
            + "increment='7'>";

    @Test
    public void readsResourcesWithTypedAttributes() {
        RepositoryIndex index = RepositoryIndex.parse(bytes(HEAD + "<resource>"
                + "<capability namespace='osgi.identity'><attribute name='osgi.identity' value='org.example.a'/>"
                + "<attribute name='version' type='Version' value='1.2.3'/></capability>"
                + "<capability namespace='osgi.content'><attribute name='osgi.content' value='AB'/>"
                + "<attribute name='size' type='Long' value='42'/></capability>"
                + "<capability namespace='dump.module'><attribute name='dump.module' value='a'/>"
                + "<attribute name='tags' type='List&lt;String&gt;' value='x, y'/></capability>"
                + "<requirement namespace='osgi.wiring.package'><directive name='filter' "
                + "value='(osgi.wiring.package=org.example.b)'/></requirement>"
                + "</resource></repository>"));

        assertEquals(7, index.increment());
        IndexResource resource = index.resources().get(0);
        assertEquals(new Version(1, 2, 3), resource.version());
        assertEquals("ab", resource.sha256());
        assertEquals(42, resource.size());
        assertEquals("a", resource.module());
        assertEquals(java.util.List.of("x", "y"), resource.getCapabilities("dump.module").get(0).getAttributes()
                .get("tags"));
        assertEquals(1, resource.getRequirements("osgi.wiring.package").size());
    }

    @Test
    public void refusesDocumentTypesAndTheirEntities() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RepositoryIndex.parse(
                bytes("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>" + HEAD
                        + "&x;</repository>")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("not well-formed")
                || refused.getMessage().contains("DTD"));
    }

    @Test
    public void refusesWhatIsNotAnIndex() {
        assertMessage("no increment", "<repository xmlns='http://www.osgi.org/xmlns/repository/v1.0.0'/>");
        assertMessage("not an OSGi R5 repository index", "<html/>");
        assertMessage("not well-formed", HEAD + "<resource>");
        assertMessage("without osgi.identity or osgi.content", HEAD + "<resource/></repository>");
        assertMessage("is not a Long", HEAD + "<resource><capability namespace='osgi.content'>"
                + "<attribute name='size' type='Long' value='many'/></capability></resource></repository>");
    }

    /** What RepositoryIndexFuzzTest found: each failed later, outside the reader, or with another exception. */
    @Test
    public void refusesResourcesTheRestOfTheBundleCouldNotReadAndMalformedDocumentTypes() {
        String content = "<capability namespace='osgi.content'><attribute name='osgi.content' value='ab'/>";
        assertEquals(Version.emptyVersion, RepositoryIndex.parse(bytes(HEAD + "<resource><capability namespace="
                + "'osgi.identity'><attribute name='osgi.identity' value='a'/></capability>" + content
                + "</capability></resource></repository>")).resources().get(0).version());
        assertMessage("invalid version", HEAD + "<resource><capability namespace='osgi.identity'><attribute "
                + "name='osgi.identity' value='a'/><attribute name='version' value='one'/></capability>" + content
                + "</capability></resource></repository>");
        assertMessage("are not all strings", HEAD + "<resource><capability namespace='osgi.identity'><attribute "
                + "name='osgi.identity' type='Long' value='1'/></capability>" + content
                + "</capability></resource></repository>");
        assertMessage("Illegal character", HEAD + "<resource><capability namespace='osgi.identity'><attribute "
                + "name='osgi.identity' value='a'/></capability>" + content + "<attribute name='url' value='a b'/>"
                + "</capability></resource></repository>");
        assertMessage("not well-formed", "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'a\u0000'>]>" + HEAD
                + "</repository>");
    }

    private static void assertMessage(String expected, String xml) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RepositoryIndex.parse(bytes(xml)));
        assertTrue(refused.getMessage(), refused.getMessage().contains(expected));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
