package org.dump.node.internal.account;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;

import org.dump.node.account.Avatar;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.AvatarRejectedException.Reason;
import org.junit.Test;

public class AvatarCheckTest {

    private final AvatarCheck check = new AvatarCheck(20_000, 64);

    @Test
    public void pngJpegAndGifAreRecognisedByTheirBytes() {
        assertEquals("image/png", check.check(new Avatar("image/png", Images.encoded("png", 32, 32))).mediaType());
        assertEquals("image/jpeg", check.check(new Avatar("image/jpeg", Images.encoded("jpeg", 32, 32))).mediaType());
        assertEquals("image/gif", check.check(new Avatar("image/gif", Images.encoded("gif", 32, 32))).mediaType());
        assertEquals("an unspecific type takes the type found", "image/png",
                check.check(new Avatar("application/octet-stream", Images.encoded("png", 8, 8))).mediaType());
    }

    @Test
    public void textIsNotAnImage() {
        assertEquals(Reason.NOT_AN_IMAGE, reason(new Avatar("image/png", "<svg onload=alert(1)>".getBytes())));
        assertEquals(Reason.NOT_AN_IMAGE, reason(new Avatar("image/png", new byte[0])));
    }

    @Test
    public void aDeclaredTypeThatLiesIsRefused() {
        assertEquals(Reason.NOT_AN_IMAGE, reason(new Avatar("image/gif", Images.encoded("png", 8, 8))));
    }

    @Test
    public void aTruncatedImageIsRefused() {
        byte[] png = Images.encoded("png", 32, 32);
        assertEquals(Reason.NOT_AN_IMAGE, reason(new Avatar("image/png", Arrays.copyOf(png, 12))));
    }

    @Test
    public void tooManyBytesOrPixelsAreRefused() {
        assertEquals(Reason.TOO_LARGE, reason(new Avatar("image/png", new byte[20_001])));
        assertEquals(Reason.TOO_MANY_PIXELS, reason(new Avatar("image/png", Images.encoded("png", 65, 10))));
    }

    /** Browsers draw a GIF on its logical screen: a 1x1 frame on a screen 65535 pixels wide is a wide image. */
    @Test
    public void aGifIsAsLargeAsItsScreen() {
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', (byte) 0xff, (byte) 0xff, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b};
        assertEquals(Reason.TOO_MANY_PIXELS, reason(new Avatar("image/gif", gif)));
        gif[6] = 1;
        gif[7] = 0;
        assertEquals("image/gif", check.check(new Avatar("image/gif", gif)).mediaType());
        gif[20] = (byte) 0xff;
        assertEquals("its first frame placed beyond the screen enlarges it", Reason.TOO_MANY_PIXELS,
                reason(new Avatar("image/gif", gif)));
    }

    private Reason reason(Avatar avatar) {
        return assertThrows(AvatarRejectedException.class, () -> check.check(avatar)).reason();
    }
}
