/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Arrays;

/**
 * One input's vector, at the input's position in the request.
 *
 * <p>Immutable: the vector is copied in and {@link #vector()} returns a copy; {@link #get(int)},
 * {@link #dimensions()} and {@link #copyInto(float[], int)} read it without copying. Thread-safe.
 */
public final class Embedding {
  private final int index;
  private final float[] vector;

  /**
   * @param index the input's position in the request (0-based)
   * @param vector the vector; copied
   * @throws IllegalArgumentException if {@code index} is negative or the vector empty
   */
  public Embedding(int index, float[] vector) {
    this(index, vector.clone(), true);
  }

  private Embedding(int index, float[] vector, boolean owned) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative: " + index);
    }
    if (vector.length == 0) {
      throw new IllegalArgumentException("an embedding has at least one dimension");
    }
    this.index = index;
    this.vector = vector;
  }

  /**
   * An embedding that takes {@code vector} over without copying, for providers that decode into a
   * fresh array: the caller hands the array over and must neither keep nor change it.
   */
  public static Embedding wrap(int index, float[] vector) {
    return new Embedding(index, vector, true);
  }

  /** The input's position in the request (0-based). */
  public int index() {
    return index;
  }

  /** The vector's length. */
  public int dimensions() {
    return vector.length;
  }

  /** Component {@code i} of the vector. */
  public float get(int i) {
    return vector[i];
  }

  /** A copy of the vector. */
  public float[] vector() {
    return vector.clone();
  }

  /** Copies the vector into {@code dest} from {@code offset}; no allocation. */
  public void copyInto(float[] dest, int offset) {
    System.arraycopy(vector, 0, dest, offset, vector.length);
  }

  /** This embedding at another position (the client reassembles batches with it). */
  public Embedding atIndex(int index) {
    return index == this.index ? this : new Embedding(index, vector, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.index == index && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(vector);
  }

  /** The position and the dimension count, never the numbers. */
  @Override
  public String toString() {
    return "Embedding[" + index + ", " + vector.length + " dimensions]";
  }
}
