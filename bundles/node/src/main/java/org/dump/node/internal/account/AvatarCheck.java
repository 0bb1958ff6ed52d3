package org.dump.node.internal.account;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.dump.node.account.Avatar;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.AvatarRejectedException.Reason;
import org.w3c.dom.NodeList;

/**
 * Decides whether bytes offered as an avatar are an image the node will keep and show to others: PNG, JPEG or GIF,
 * recognised by their own signature (never by the declared type alone), within the byte and pixel limits. Only the
 * image header is read, so a decompression bomb costs nothing. Also checks avatars that come with profiles granted
 * by other nodes.
 */
public final class AvatarCheck {

    private enum Format {
        PNG("image/png", "png", new int[] {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}),
        JPEG("image/jpeg", "jpeg", new int[] {0xff, 0xd8, 0xff}),
        GIF("image/gif", "gif", new int[] {'G', 'I', 'F', '8'});

        final String mediaType;
        final String imageIoName;
        final int[] signature;

        Format(String mediaType, String imageIoName, int[] signature) {
            this.mediaType = mediaType;
            this.imageIoName = imageIoName;
            this.signature = signature;
        }

        boolean starts(byte[] data) {
            if (data.length < signature.length) {
                return false;
            }
            for (int i = 0; i < signature.length; i++) {
                if ((data[i] & 0xff) != signature[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final int maxBytes;
    private final int maxPixelsPerSide;

    public AvatarCheck(int maxBytes, int maxPixelsPerSide) {
        this.maxBytes = maxBytes;
        this.maxPixelsPerSide = maxPixelsPerSide;
    }

    /**
     * @return the avatar with its media type as found in the bytes
     * @throws AvatarRejectedException if the avatar is too large, not an image, or not what its type says
     */
    public Avatar check(Avatar avatar) {
        byte[] image = avatar.image();
        if (image == null || image.length == 0) {
            throw new AvatarRejectedException(Reason.NOT_AN_IMAGE, "the avatar is empty");
        }
        if (image.length > maxBytes) {
            throw new AvatarRejectedException(Reason.TOO_LARGE,
                    "the avatar has " + image.length + " bytes; this node accepts at most " + maxBytes);
        }
        Format format = formatOf(image);
        String declared = avatar.mediaType() == null ? "" : avatar.mediaType().toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (format == null) {
            throw new AvatarRejectedException(Reason.NOT_AN_IMAGE, "the avatar is not a PNG, JPEG or GIF image");
        }
        if (!declared.isEmpty() && !declared.equals(format.mediaType) && !"application/octet-stream".equals(declared)) {
            throw new AvatarRejectedException(Reason.NOT_AN_IMAGE,
                    "the avatar was sent as " + declared + " but is a " + format.name() + " image");
        }
        checkDimensions(image, format);
        return new Avatar(format.mediaType, image);
    }

    private static Format formatOf(byte[] image) {
        for (Format format : Format.values()) {
            if (format.starts(image)) {
                return format;
            }
        }
        return null;
    }

    private void checkDimensions(byte[] image, Format format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("this Java runtime cannot read " + format.name() + " headers");
        }
        ImageReader reader = readers.next();
        int width;
        int height;
        // In memory: ImageIO would otherwise spill the stream into a temporary file.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            reader.setInput(input, true, true);
            width = reader.getWidth(0);
            height = reader.getHeight(0);
            if (format == Format.GIF) {
                // ImageIO's size is the first frame's; browsers draw it on the GIF's logical screen, which they
                // enlarge to hold that frame where it is placed: 1x1 pixels on a 65535x65535 screen is no small image.
                IIOMetadataNode screen = child(reader.getStreamMetadata(), "javax_imageio_gif_stream_1.0",
                        "LogicalScreenDescriptor");
                IIOMetadataNode frame = child(reader.getImageMetadata(0), "javax_imageio_gif_image_1.0",
                        "ImageDescriptor");
                width = Math.max(number(screen, "logicalScreenWidth"),
                        number(frame, "imageLeftPosition") + number(frame, "imageWidth"));
                height = Math.max(number(screen, "logicalScreenHeight"),
                        number(frame, "imageTopPosition") + number(frame, "imageHeight"));
            }
        } catch (IOException | RuntimeException e) {
            throw new AvatarRejectedException(Reason.NOT_AN_IMAGE,
                    "the avatar looks like " + format.name() + " but its header cannot be read");
        } finally {
            reader.dispose();
        }
        if (width > maxPixelsPerSide || height > maxPixelsPerSide) {
            throw new AvatarRejectedException(Reason.TOO_MANY_PIXELS, "the avatar is " + width + "x" + height
                    + " pixels; this node accepts at most " + maxPixelsPerSide + " per side");
        }
    }

    private static IIOMetadataNode child(IIOMetadata metadata, String format, String name) throws IIOException {
        NodeList found = ((IIOMetadataNode) metadata.getAsTree(format)).getElementsByTagName(name);
        if (found.getLength() == 0) {
            throw new IIOException("no " + name);
        }
        return (IIOMetadataNode) found.item(0);
    }

    private static int number(IIOMetadataNode node, String attribute) {
        return Integer.parseInt(node.getAttribute(attribute));
    }
}
