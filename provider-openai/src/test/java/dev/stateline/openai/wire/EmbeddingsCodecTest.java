/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The base64 vector decoder against the JDK's encoder, every length and padding, and bad input. */
class EmbeddingsCodecTest {

  @Test
  void decodesWhatTheJdkEncodes_forEveryLengthAndPadding() {
    Random random = new Random(42);
    for (int n = 1; n <= 40; n++) {
      float[] v = new float[n];
      ByteBuffer buf = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        v[i] = n == 3 && i == 1 ? Float.NaN : (float) random.nextGaussian();
        buf.putFloat(v[i]);
      }
      float[] decoded = EmbeddingsCodec.fromBase64(Base64.getEncoder().encodeToString(buf.array()));
      assertThat(decoded).as("length " + n).isEqualTo(v);
    }
  }

  @Test
  void refusesWhatIsNotBase64OfWholeFloats() {
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AAA")).hasMessageContaining("multiple of 4");
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AAAAAAA=")).hasMessageContaining("not whole 32-bit floats");
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AA*AAAAAAAAAAAAA")).hasMessageContaining("not base64");
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AAéAAAAAAAAAAAAA")).hasMessageContaining("not base64");
    // the position of the first bad character is named: beyond Latin-1, padding inside, a space
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AAAAA\u20acAAAAAAAAAA")).hasMessageEndingWith("at 5");
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AAAA=AAAAAAAAAAA")).hasMessageEndingWith("at 4");
    assertThatThrownBy(() -> EmbeddingsCodec.fromBase64("AAAAAAAAAAA AAAA")).hasMessageEndingWith("at 11");
  }
}
