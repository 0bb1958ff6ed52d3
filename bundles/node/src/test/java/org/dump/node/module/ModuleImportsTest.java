package org.dump.node.module;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ModuleImportsTest {

    @Test
    public void aModuleImportsTheApiAndAnythingOutsideDump() {
        assertTrue(ModuleImports.mayImport("org.dump.api.record"));
        assertTrue(ModuleImports.mayImport("javax.ws.rs"));
        assertTrue(ModuleImports.mayImport("org.dumpling.soup"));
        assertFalse("not the API, only a name that starts alike", ModuleImports.mayImport("org.dump.apiary"));
    }

    @Test
    public void aModuleImportsNothingElseOfDump() {
        assertFalse(ModuleImports.mayImport("org.dump.node.module"));
        assertFalse(ModuleImports.mayImport("org.dump.node.internal.record"));
        assertFalse(ModuleImports.mayImport("org.dump.crypto"));
        assertFalse(ModuleImports.mayImport("org.dump"));
    }

    @Test
    public void dynamicImportsMayNotNameTheNodeButMayBeWide() {
        assertFalse(ModuleImports.mayImportDynamically("org.dump.node.*"));
        assertFalse(ModuleImports.mayImportDynamically("org.dump.*"));
        assertFalse(ModuleImports.mayImportDynamically("org.dump*"));
        assertFalse(ModuleImports.mayImportDynamically("org.dump.federation"));
        assertTrue(ModuleImports.mayImportDynamically("org.dump.api.*"));
        // wider than org.dump: left to the resolver hook, which keeps them off the node's packages
        assertTrue(ModuleImports.mayImportDynamically("*"));
        assertTrue(ModuleImports.mayImportDynamically("org.*"));
        assertTrue(ModuleImports.mayImportDynamically("com.fasterxml.*"));
    }

    @Test
    public void bundlesOfTheNodeMayBeNeitherRequiredNorHosts() {
        assertTrue(ModuleImports.mayRequireBundle("org.dump.api"));
        assertTrue(ModuleImports.mayRequireBundle("com.example.library"));
        assertFalse(ModuleImports.mayRequireBundle("org.dump.node"));
        assertFalse(ModuleImports.mayAttachTo("org.dump.api"));
        assertFalse(ModuleImports.mayAttachTo("org.dump.web"));
        assertTrue(ModuleImports.mayAttachTo("com.example.library"));
    }
}
