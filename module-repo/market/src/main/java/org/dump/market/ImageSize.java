package org.dump.market;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The size of a PNG, JPEG, GIF or WebP image as a browser draws it, read from the image's header alone: the pixels
 * are never decoded, so measuring a decompression bomb (a few bytes declaring 100000x100000 pixels) costs nothing.
 * An image whose header cannot be read has no size.
 */
record ImageSize(long width, long height) {

    static Optional<ImageSize> of(byte[] bytes) {
        return ListingImages.sniff(bytes).flatMap(type -> switch (type) {
            case "image/png" -> png(bytes);
            case "image/jpeg" -> jpeg(bytes);
            case "image/gif" -> gif(bytes);
            case "image/webp" -> webp(bytes);
            default -> Optional.empty();
        });
    }

    /** IHDR, which must be the first chunk. */
    private static Optional<ImageSize> png(byte[] b) {
        if (b.length < 24 || u32be(b, 8) != 13 || !ascii(b, 12, "IHDR")) {
            return Optional.empty();
        }
        return sized(u32be(b, 16), u32be(b, 20));
    }

    /** The first start-of-frame segment, reached by walking the segments before it. */
    private static Optional<ImageSize> jpeg(byte[] b) {
        int at = 2;
        while (at + 4 <= b.length) {
            if ((b[at] & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = b[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
            } else if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
                at += 2; // no length
            } else if (marker == 0xd8 || marker == 0xd9 || marker == 0xda) {
                return Optional.empty(); // a second start, the end, or a scan before any frame
            } else if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                // a height of 0 says that a DNL segment after the first scan holds it: browsers do not support that
                return at + 9 <= b.length ? sized(u16be(b, at + 7), u16be(b, at + 5)) : Optional.empty();
            } else {
                int length = u16be(b, at + 2);
                if (length < 2) {
                    return Optional.empty();
                }
                at += 2 + length;
            }
        }
        return Optional.empty();
    }

    /** The logical screen, enlarged (as browsers do) to hold the first frame where that frame is placed. */
    private static Optional<ImageSize> gif(byte[] b) {
        if (b.length < 13 || !ascii(b, 0, "GIF87a") && !ascii(b, 0, "GIF89a")) {
            return Optional.empty();
        }
        long width = u16le(b, 6);
        long height = u16le(b, 8);
        int at = 13 + colourTable(b[10]);
        while (at < b.length) {
            int block = b[at] & 0xff;
            if (block == 0x21) {
                // an extension: its label, then sub-blocks up to an empty one
                at += 2;
                while (at < b.length && b[at] != 0) {
                    at += 1 + (b[at] & 0xff);
                }
                at++;
            } else if (block == 0x2c && at + 10 <= b.length) {
                width = Math.max(width, u16le(b, at + 1) + u16le(b, at + 5));
                height = Math.max(height, u16le(b, at + 3) + u16le(b, at + 7));
                return u16le(b, at + 5) == 0 || u16le(b, at + 7) == 0 ? Optional.empty() : sized(width, height);
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The canvas of an extended WebP (VP8X), or the frame of a simple lossy (VP8) or lossless (VP8L) one. */
    private static Optional<ImageSize> webp(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        if (ascii(b, 12, "VP8X")) {
            return sized(1 + u24le(b, 24), 1 + u24le(b, 27));
        }
        if (ascii(b, 12, "VP8 ") && (b[23] & 0xff) == 0x9d && b[24] == 0x01 && b[25] == 0x2a) {
            return sized(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
        }
        if (ascii(b, 12, "VP8L") && b[20] == 0x2f) {
            long bits = u16le(b, 21) | (long) u16le(b, 23) << 16;
            return sized((bits & 0x3fff) + 1, (bits >> 14 & 0x3fff) + 1);
        }
        return Optional.empty();
    }

    private static Optional<ImageSize> sized(long width, long height) {
        return width < 1 || height < 1 ? Optional.empty() : Optional.of(new ImageSize(width, height));
    }

    private static int colourTable(byte flags) {
        return (flags & 0x80) == 0 ? 0 : 3 << ((flags & 7) + 1);
    }

    private static boolean ascii(byte[] b, int at, String text) {
        return b.length >= at + text.length()
                && new String(b, at, text.length(), StandardCharsets.ISO_8859_1).equals(text);
    }

    private static long u32be(byte[] b, int at) {
        return (long) u16be(b, at) << 16 | u16be(b, at + 2);
    }

    private static int u16be(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static int u16le(byte[] b, int at) {
        return b[at] & 0xff | (b[at + 1] & 0xff) << 8;
    }

    private static long u24le(byte[] b, int at) {
        return u16le(b, at) | (long) (b[at + 2] & 0xff) << 16;
    }
}
