/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import com.squareup.moshi.JsonReader;
import dev.stateline.openai.wire.ResponseExtension;
import java.io.IOException;

/**
 * An extension reader like Azure's: it consumes the fields whose name starts with {@code x-}
 * (reading the whole value) and leaves every other unknown field to the decoder, so that fuzzing
 * covers both ways an unknown field can go.
 */
final class ConsumingExtension implements ResponseExtension.Reader {
  int consumed;

  @Override
  public boolean readField(ResponseExtension.Scope scope, int index, String name, JsonReader reader,
      boolean streaming) throws IOException {
    if (!name.startsWith("x-")) {
      return false;
    }
    reader.readJsonValue();
    consumed++;
    return true;
  }
}
