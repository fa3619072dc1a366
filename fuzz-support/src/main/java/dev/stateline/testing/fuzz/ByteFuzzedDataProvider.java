/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;

/**
 * A {@link FuzzedDataProvider} over a byte array in plain Java, for the smoke fuzz run, which runs
 * without Jazzer's agent and native library. It takes values from the bytes exactly as Jazzer's
 * own provider does (libFuzzer's rules: numbers from the end of the data, most significant byte
 * last, reduced modulo the range; byte arrays from the front), so an input that fails here fails
 * the same way as a Jazzer regression input; {@code ByteFuzzedDataProviderTest} checks that against
 * Jazzer's implementation.
 *
 * <p>Only what the fuzz targets use is supported: integers, booleans, chars and bytes. Strings and
 * floating-point values throw {@link UnsupportedOperationException} (the targets build text from
 * bytes instead, see {@code WireInput}). Not thread-safe.
 */
final class ByteFuzzedDataProvider implements FuzzedDataProvider {
  private final byte[] data;
  private int pos;
  private int remaining;

  ByteFuzzedDataProvider(byte[] data) {
    this.data = data;
    this.remaining = data.length;
  }

  /**
   * libFuzzer's {@code ConsumeIntegralInRange} for a type of {@code bytes} bytes whose largest
   * value is {@code typeMax}; {@code min} and {@code max} compared and subtracted as that type does.
   */
  private long inRange(long min, long max, int bytes, long typeMax) {
    long range = max - min;
    long result = 0;
    int offset = 0;
    while (offset < 8 * bytes && (range >>> offset) != 0 && remaining != 0) {
      remaining--;
      result = (result << 8) | (data[pos + remaining] & 0xff);
      offset += 8;
    }
    if (range != typeMax) {
      result = Long.remainderUnsigned(result, range + 1);
    }
    return min + result;
  }

  private static void check(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min must be <= max (got min: " + min + ", max: " + max + ")");
    }
  }

  @Override
  public boolean consumeBoolean() {
    return (inRange(0, 0xff, 1, 0xff) & 1) != 0;
  }

  @Override
  public byte consumeByte() {
    return (byte) inRange(0, 0xff, 1, 0xff);
  }

  @Override
  public byte consumeByte(byte min, byte max) {
    check(min, max);
    return (byte) inRange(min, max, 1, Byte.MAX_VALUE);
  }

  @Override
  public short consumeShort() {
    return (short) inRange(0, 0xffff, 2, 0xffff);
  }

  @Override
  public short consumeShort(short min, short max) {
    check(min, max);
    return (short) inRange(min, max, 2, Short.MAX_VALUE);
  }

  @Override
  public int consumeInt() {
    return (int) inRange(0, 0xffffffffL, 4, 0xffffffffL);
  }

  @Override
  public int consumeInt(int min, int max) {
    check(min, max);
    return (int) inRange(min, max, 4, Integer.MAX_VALUE);
  }

  @Override
  public long consumeLong() {
    return inRange(0, -1L, 8, -1L);
  }

  @Override
  public long consumeLong(long min, long max) {
    check(min, max);
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return consumeLong();
    }
    return inRange(min, max, 8, Long.MAX_VALUE);
  }

  @Override
  public char consumeChar() {
    return (char) inRange(0, 0xffff, 2, 0xffff);
  }

  @Override
  public char consumeChar(char min, char max) {
    check(min, max);
    return (char) inRange(min, max, 2, 0xffff);
  }

  @Override
  public char consumeCharNoSurrogates() {
    char c = consumeChar();
    return c >= 0xd800 && c < 0xe000 ? (char) (c - 0xd800) : c;
  }

  @Override
  public byte[] consumeBytes(int maxLength) {
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative");
    }
    int n = Math.min(maxLength, remaining);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    remaining -= n;
    return out;
  }

  @Override
  public byte[] consumeRemainingAsBytes() {
    return consumeBytes(remaining);
  }

  @Override
  public int remainingBytes() {
    return remaining;
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(
        "not supported by the smoke fuzz provider: build values from bytes and integers (see WireInput)");
  }

  @Override
  public boolean[] consumeBooleans(int maxLength) {
    throw unsupported();
  }

  @Override
  public short[] consumeShorts(int maxLength) {
    throw unsupported();
  }

  @Override
  public int[] consumeInts(int maxLength) {
    throw unsupported();
  }

  @Override
  public long[] consumeLongs(int maxLength) {
    throw unsupported();
  }

  @Override
  public float consumeFloat() {
    throw unsupported();
  }

  @Override
  public float consumeRegularFloat() {
    throw unsupported();
  }

  @Override
  public float consumeRegularFloat(float min, float max) {
    throw unsupported();
  }

  @Override
  public float consumeProbabilityFloat() {
    throw unsupported();
  }

  @Override
  public double consumeDouble() {
    throw unsupported();
  }

  @Override
  public double consumeRegularDouble() {
    throw unsupported();
  }

  @Override
  public double consumeRegularDouble(double min, double max) {
    throw unsupported();
  }

  @Override
  public double consumeProbabilityDouble() {
    throw unsupported();
  }

  @Override
  public String consumeString(int maxLength) {
    throw unsupported();
  }

  @Override
  public String consumeRemainingAsString() {
    throw unsupported();
  }

  @Override
  public String consumeAsciiString(int maxLength) {
    throw unsupported();
  }

  @Override
  public String consumeRemainingAsAsciiString() {
    throw unsupported();
  }
}
