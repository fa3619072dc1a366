/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.driver.FuzzedDataProviderImpl;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks that {@link ByteFuzzedDataProvider} (the smoke run's provider) reads the same values from
 * the same bytes as Jazzer's own provider, so that inputs move freely between the smoke run and
 * Jazzer. Run as a {@link FuzzTest} only because Jazzer's provider needs the agent that a fuzz test
 * installs; each input seeds a fixed-seed generator of byte arrays and read sequences.
 */
class ByteFuzzedDataProviderTest {

  private static final List<Function<FuzzedDataProvider, Object>> READS = List.of(
      FuzzedDataProvider::consumeBoolean,
      FuzzedDataProvider::consumeByte,
      FuzzedDataProvider::consumeShort,
      FuzzedDataProvider::consumeInt,
      FuzzedDataProvider::consumeLong,
      FuzzedDataProvider::consumeChar,
      FuzzedDataProvider::consumeCharNoSurrogates,
      d -> d.consumeInt(0, 3),
      d -> d.consumeInt(1, 12),
      d -> d.consumeInt(0, 4096),
      d -> d.consumeInt(-1, 1000),
      d -> d.consumeInt(-70000, -3),
      d -> d.consumeInt(Integer.MIN_VALUE, Integer.MAX_VALUE),
      d -> d.consumeInt(0, Integer.MAX_VALUE),
      d -> d.consumeLong(-5, 1L << 40),
      d -> d.consumeLong(0, Long.MAX_VALUE),
      d -> d.consumeByte((byte) -3, (byte) 100),
      d -> d.consumeShort((short) -300, (short) 3000),
      d -> d.consumeChar('a', 'z'),
      d -> d.pickValue(new String[] {"a", "b", "c", "d", "e"}),
      d -> Arrays.toString(d.consumeBytes(3)),
      d -> Arrays.toString(d.consumeBytes(40)),
      d -> d.remainingBytes());

  @FuzzTest(maxDuration = "1m")
  void readsTheSameValuesAsJazzer(byte[] input) {
    Random random = new Random(Arrays.hashCode(input));
    List<byte[]> arrays = new ArrayList<>();
    arrays.add(input);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[random.nextInt(64)];
      random.nextBytes(b);
      arrays.add(b);
    }
    for (byte[] bytes : arrays) {
      int[] plan = random.ints(1 + random.nextInt(20), 0, READS.size()).toArray();
      plan = Arrays.copyOf(plan, plan.length + 1);
      plan[plan.length - 1] = READS.size(); // and finally what is left
      try (FuzzedDataProviderImpl jazzer = FuzzedDataProviderImpl.withJavaData(bytes)) {
        assertThat(reads(new ByteFuzzedDataProvider(bytes), plan)).isEqualTo(reads(jazzer, plan));
      }
    }
  }

  private static List<Object> reads(FuzzedDataProvider data, int[] plan) {
    List<Object> values = new ArrayList<>();
    for (int step : plan) {
      values.add(step == READS.size() ? Arrays.toString(data.consumeRemainingAsBytes()) : READS.get(step).apply(data));
    }
    return values;
  }
}
