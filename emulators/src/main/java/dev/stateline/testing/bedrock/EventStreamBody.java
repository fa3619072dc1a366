/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A ConverseStream response body: event-stream frames, one HTTP/1.1 chunk per frame, flushed one by
 * one so that the client sees them arrive as a stream. It can cut the connection in the middle of a
 * frame, or keep sending frames until the client goes away.
 */
final class EventStreamBody implements MockResponseBody {
  private static final long TICK_MILLIS = 15;

  private final BedrockEmulator emulator;
  private final List<byte[]> frames;
  private final int truncateAt;
  private final int stallAt;
  private final byte[] tick;
  private final Duration endlessCap;

  /**
   * @param truncateAt the index of the frame to cut in half (the connection is then closed), or -1
   * @param stallAt the number of frames after which to go silent until the emulator closes, or -1
   * @param tick a frame to repeat after the scripted ones until the client leaves, or null
   */
  EventStreamBody(BedrockEmulator emulator, List<byte[]> frames, int truncateAt, int stallAt, byte[] tick,
      Duration endlessCap) {
    this.emulator = emulator;
    this.frames = List.copyOf(frames);
    this.truncateAt = truncateAt;
    this.stallAt = stallAt;
    this.tick = tick;
    this.endlessCap = endlessCap;
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    for (int i = 0; i < frames.size(); i++) {
      if (i == stallAt) {
        stall();
        return;
      }
      byte[] frame = frames.get(i);
      if (i == truncateAt) {
        // Half a frame inside an unfinished chunk; the socket is closed after this (see the response).
        int half = Math.max(1, frame.length / 2);
        sink.writeUtf8(Integer.toHexString(frame.length)).writeUtf8("\r\n");
        sink.write(frame, 0, half);
        sink.flush();
        return;
      }
      chunk(sink, frame);
    }
    if (stallAt == frames.size()) {
      stall();
      return;
    }
    if (tick != null) {
      long deadline = System.nanoTime() + endlessCap.toNanos();
      try {
        while (System.nanoTime() < deadline && !emulator.isClosed()) {
          Thread.sleep(TICK_MILLIS);
          chunk(sink, tick);
        }
      } catch (IOException clientLeft) {
        emulator.streamAbandoned();
        throw clientLeft;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    sink.writeUtf8("0\r\n");
    sink.flush();
  }

  /** Sends nothing until the emulator closes or the cap passes; the response is never finished. */
  private void stall() {
    long deadline = System.nanoTime() + endlessCap.toNanos();
    try {
      while (System.nanoTime() < deadline && !emulator.isClosed()) {
        Thread.sleep(TICK_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void chunk(BufferedSink sink, byte[] frame) throws IOException {
    sink.writeUtf8(Integer.toHexString(frame.length)).writeUtf8("\r\n");
    sink.write(frame);
    sink.writeUtf8("\r\n");
    sink.flush();
  }
}
