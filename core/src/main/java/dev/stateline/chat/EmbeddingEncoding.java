/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

/**
 * How the provider is asked to send the vectors over the wire. Either way the caller gets
 * {@code float} vectors; {@link #BASE64} (little-endian IEEE 754 floats, base64-encoded) is about a
 * quarter of the size of {@link #FLOAT}'s JSON numbers and is decoded without a per-element object.
 * Providers that have no such choice (Amazon Bedrock) ignore it.
 */
public enum EmbeddingEncoding {
  /** JSON arrays of numbers ({@code "encoding_format": "float"}). */
  FLOAT,
  /** Base64 of little-endian 32-bit floats ({@code "encoding_format": "base64"}). */
  BASE64
}
