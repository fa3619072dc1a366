/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stateline.openai.wire.SseEvent;
import dev.stateline.openai.wire.SseReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * Fuzzes {@link SseReader} over arbitrary bytes. The reader must end (null) after at most one event
 * per line ending, throw nothing but the {@link IOException} it documents, never put a line ending
 * in an event's data, type or id, nor a NUL in an id; and it must read the same events whether the
 * bytes arrive at once or in small pieces (as from a socket), so a CR at the end of one read and its
 * LF at the start of the next count as one line ending.
 */
class SseReaderFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void readEvents(FuzzedDataProvider data) {
    int piece = data.consumeInt(1, 16);
    byte[] bytes = data.consumeRemainingAsBytes();

    List<SseEvent> whole = readAll(new Buffer().write(bytes), bytes.length);
    List<SseEvent> pieces = readAll(Okio.buffer(new TrickleSource(bytes, piece)), bytes.length);
    if (whole == null || pieces == null) {
      return; // a documented IOException (not expected from memory, but allowed)
    }
    assertThat(pieces).as("events read in pieces of " + piece + " bytes").isEqualTo(whole);
    for (SseEvent e : whole) {
      assertThat(e.data()).doesNotContain("\r");
      if (e.event() != null) {
        assertThat(e.event()).doesNotContain("\n", "\r");
      }
      if (e.id() != null) {
        assertThat(e.id()).doesNotContain("\n", "\r", "\0");
      }
    }
  }

  /** All events, or null if the reader threw its documented IOException. */
  private static List<SseEvent> readAll(BufferedSource source, int length) {
    SseReader reader = new SseReader(source);
    List<SseEvent> events = new ArrayList<>();
    try {
      SseEvent e;
      while ((e = reader.next()) != null) {
        events.add(e);
        // Each event needs at least one line ending of its own: more events than bytes is a loop.
        assertThat(events.size()).as("events from " + length + " bytes").isLessThanOrEqualTo(length);
      }
      assertThat(reader.next()).as("next() after the end").isNull();
    } catch (IOException documented) {
      return null;
    }
    return events;
  }

  /** Hands out at most {@code piece} bytes per read. */
  private static final class TrickleSource implements Source {
    private final byte[] bytes;
    private final int piece;
    private int pos;

    TrickleSource(byte[] bytes, int piece) {
      this.bytes = bytes;
      this.piece = piece;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (pos == bytes.length) {
        return -1;
      }
      int n = (int) Math.min(Math.min(byteCount, piece), bytes.length - pos);
      sink.write(bytes, pos, n);
      pos += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
