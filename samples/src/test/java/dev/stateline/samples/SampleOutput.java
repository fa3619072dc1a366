/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Captures what a sample prints. */
final class SampleOutput {
  private SampleOutput() {}

  static String of(Consumer<PrintStream> sample) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sample.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
