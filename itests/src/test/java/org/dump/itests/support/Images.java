package org.dump.itests.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

/** Real images, encoded by ImageIO, for the avatar tests. */
public final class Images {

    private Images() {
    }

    /** A small picture: a coloured square with a disc, {@code size} pixels a side. */
    public static byte[] png(int size, Color color) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(color);
            g.fillRect(0, 0, size, size);
            g.setColor(Color.WHITE);
            g.fillOval(size / 4, size / 4, size / 2, size / 2);
        } finally {
            g.dispose();
        }
        return encode(image, "png");
    }

    /** A valid PNG of random pixels: it barely compresses, so it is about 3 bytes a pixel. */
    public static byte[] noisyPng(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image, "png");
    }

    /** A valid PNG {@code width} by {@code height} pixels of one colour: tiny in bytes, however wide. */
    public static byte[] plainPng(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png");
    }

    public static byte[] gif(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.BLUE);
            g.fillRect(0, 0, size, size);
        } finally {
            g.dispose();
        }
        return encode(image, "gif");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("ImageIO has no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
