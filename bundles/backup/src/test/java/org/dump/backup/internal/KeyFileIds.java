package org.dump.backup.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.dump.crypto.KeyFile;

final class KeyFileIds {

    private KeyFileIds() {
    }

    static String of(Path keyFile) throws IOException {
        return KeyFile.read(keyFile).publicKey().fingerprint();
    }
}
