package org.dump.network.sim;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/** Node ids as real nodes have them (32 characters of base32, the fingerprint of a key), drawn from the seed. */
final class NodeIds {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private NodeIds() {
    }

    static String[] draw(int count, SplittableRandom random) {
        String[] ids = new String[count];
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String id;
            do {
                StringBuilder text = new StringBuilder(32);
                for (int c = 0; c < 32; c++) {
                    text.append(BASE32.charAt(random.nextInt(32)));
                }
                id = text.toString();
            } while (!taken.add(id));
            ids[i] = id;
        }
        return ids;
    }
}
