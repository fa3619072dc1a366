/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An image given to the model, either by URL or inline as bytes (sent base64-encoded as a
 * {@code data:} URL).
 *
 * <p>Immutable and thread-safe; the bytes are copied on the way in and on the way out.
 */
public final class ImagePart implements ContentPart {

  /** How closely the model should look at the image; providers that lack the knob ignore it. */
  public enum Detail { AUTO, LOW, HIGH }

  private static final Set<String> MEDIA_TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private final String url;
  private final byte[] data;
  private final String mediaType;
  private final Detail detail;

  private ImagePart(String url, byte[] data, String mediaType, Detail detail) {
    this.url = url;
    this.data = data;
    this.mediaType = mediaType;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /**
   * An image the provider fetches itself.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL
   */
  public static ImagePart fromUrl(String url) {
    return fromUrl(url, Detail.AUTO);
  }

  /** Like {@link #fromUrl(String)}, with a detail level. */
  public static ImagePart fromUrl(String url, Detail detail) {
    Objects.requireNonNull(url, "url");
    String scheme;
    try {
      scheme = URI.create(url).getScheme();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image url is not a valid URI: " + e.getMessage(), e);
    }
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException(
          "image url must be an absolute http(s) URL; for inline images use ImagePart.fromBytes");
    }
    return new ImagePart(url, null, null, detail);
  }

  /**
   * An inline image.
   *
   * @param mediaType one of {@code image/png}, {@code image/jpeg}, {@code image/gif},
   *     {@code image/webp}
   * @throws IllegalArgumentException if the bytes are empty or the media type is not supported
   */
  public static ImagePart fromBytes(byte[] data, String mediaType) {
    return fromBytes(data, mediaType, Detail.AUTO);
  }

  /** Like {@link #fromBytes(byte[], String)}, with a detail level. */
  public static ImagePart fromBytes(byte[] data, String mediaType, Detail detail) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(mediaType, "mediaType");
    if (data.length == 0) {
      throw new IllegalArgumentException("image data is empty");
    }
    String type = mediaType.toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unsupported image media type '" + mediaType + "'; use one of " + MEDIA_TYPES);
    }
    return new ImagePart(null, data.clone(), type, detail);
  }

  /** The URL of a by-reference image, or null for an inline one. */
  public String url() {
    return url;
  }

  /** True when the image is inline bytes rather than a URL. */
  public boolean isInline() {
    return data != null;
  }

  /** A copy of the inline bytes, or null for a by-reference image. */
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  /** The media type of inline bytes, or null for a by-reference image. */
  public String mediaType() {
    return mediaType;
  }

  public Detail detail() {
    return detail;
  }

  /** The URL a wire format expects: the URL itself, or a {@code data:} URL for inline bytes. */
  public String toUrlOrDataUrl() {
    if (url != null) {
      return url;
    }
    return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(data);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImagePart other)) {
      return false;
    }
    return Objects.equals(url, other.url)
        && Arrays.equals(data, other.data)
        && Objects.equals(mediaType, other.mediaType)
        && detail == other.detail;
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, Arrays.hashCode(data), mediaType, detail);
  }

  @Override
  public String toString() {
    return url != null
        ? "ImagePart[url, detail=" + detail + "]"
        : "ImagePart[" + mediaType + ", " + data.length + " bytes, detail=" + detail + "]";
  }
}
