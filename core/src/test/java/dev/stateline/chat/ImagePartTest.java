/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePartTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/cat.png", "http://example.com/cat.png", "HTTPS://EXAMPLE.COM/x"})
  void absoluteHttpUrls_areAccepted(String url) {
    ImagePart p = ImagePart.fromUrl(url);

    assertThat(p.url()).isEqualTo(url);
    assertThat(p.isInline()).isFalse();
    assertThat(p.data()).isNull();
    assertThat(p.detail()).isEqualTo(ImagePart.Detail.AUTO);
    assertThat(p.toUrlOrDataUrl()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/cat.png", "file:///etc/passwd", "images/cat.png", "//example.com/a.png"})
  void nonHttpOrRelativeUrls_areRejected(String url) {
    assertThatIllegalArgumentException().isThrownBy(() -> ImagePart.fromUrl(url))
        .withMessageContaining("absolute http(s) URL");
  }

  @Test
  void dataUrl_isRejectedPointingToFromBytes() {
    assertThatIllegalArgumentException().isThrownBy(() -> ImagePart.fromUrl("data:image/png;base64,AQID"))
        .withMessageContaining("ImagePart.fromBytes");
  }

  @Test
  void malformedUri_isRejectedAsInvalid() {
    assertThatIllegalArgumentException().isThrownBy(() -> ImagePart.fromUrl("https://exa mple.com/a b.png"))
        .withMessageContaining("not a valid URI");
  }

  @Test
  void emptyBytes_areRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> ImagePart.fromBytes(new byte[0], "image/png"))
        .withMessage("image data is empty");
    assertThatNullPointerException().isThrownBy(() -> ImagePart.fromBytes(null, "image/png"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/bmp", "image/svg+xml", "text/plain", "png", ""})
  void unsupportedMediaTypes_areRejectedListingTheSupportedOnes(String type) {
    assertThatIllegalArgumentException().isThrownBy(() -> ImagePart.fromBytes(new byte[] {1}, type))
        .withMessageContaining("unsupported image media type")
        .withMessageContaining("image/png");
  }

  @Test
  void mediaType_isNormalisedToLowerCase() {
    assertThat(ImagePart.fromBytes(new byte[] {1}, "IMAGE/JPEG").mediaType()).isEqualTo("image/jpeg");
  }

  @Test
  void inlineBytes_becomeABase64DataUrl() {
    ImagePart p = ImagePart.fromBytes(new byte[] {1, 2, 3}, "image/png", ImagePart.Detail.HIGH);

    assertThat(p.isInline()).isTrue();
    assertThat(p.toUrlOrDataUrl()).isEqualTo("data:image/png;base64,AQID");
    assertThat(p.detail()).isEqualTo(ImagePart.Detail.HIGH);
  }

  @Test
  void bytes_areCopiedOnTheWayInAndOut() {
    byte[] input = {1, 2, 3};
    ImagePart p = ImagePart.fromBytes(input, "image/png");

    input[0] = 9;
    byte[] out = p.data();
    out[1] = 9;

    assertThat(p.data()).containsExactly(1, 2, 3);
  }

  @Test
  void equality_comparesByteContent() {
    ImagePart a = ImagePart.fromBytes(new byte[] {1, 2}, "image/png");
    ImagePart b = ImagePart.fromBytes(new byte[] {1, 2}, "image/png");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ImagePart.fromBytes(new byte[] {1, 3}, "image/png"));
    assertThat(a).isNotEqualTo(ImagePart.fromBytes(new byte[] {1, 2}, "image/png", ImagePart.Detail.LOW));
  }

  @Test
  void toString_showsNeitherTheUrlNorTheBytes() {
    // URLs may carry SAS tokens or signed query strings.
    ImagePart url = ImagePart.fromUrl("https://acct.blob.core.windows.net/c/a.png?sig=SECRET_SIG");
    ImagePart bytes = ImagePart.fromBytes(new byte[] {1, 2, 3}, "image/png");

    assertThat(url.toString()).doesNotContain("SECRET_SIG").doesNotContain("blob.core");
    assertThat(bytes.toString()).contains("image/png", "3 bytes").doesNotContain("AQID");
  }
}
