/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import java.io.IOException;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads server-sent events from a byte stream, following the WHATWG {@code text/event-stream}
 * rules: lines end with CRLF, LF or CR; {@code data:} lines (with or without a space after the
 * colon) accumulate, joined with {@code \n}; {@code event:} and {@code id:} set the event's fields;
 * lines starting with {@code :} are comments; a blank line dispatches the event; {@code retry:} and
 * unknown fields are ignored. An event not ended by a blank line when the stream ends is discarded,
 * as the standard says: a cut stream never yields half an event.
 *
 * <p>Two ways to read: {@link #next()} returns each event as an {@link SseEvent} with its data as
 * text; {@link #advance()} moves to the next event and leaves its data as UTF-8 bytes in
 * {@link #data()}, for a decoder that parses bytes (no String is made of the data: the bytes of a
 * {@code data:} line are moved from the source's buffer, not copied as text). Only {@code event:}
 * and {@code id:} lines, which are rare and short, are decoded as text.
 *
 * <p>Part of the provider SPI. Not thread-safe: one reader per stream, used by one thread. It does
 * not close the source.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final ByteString BOM = ByteString.decodeHex("efbbbf");
  private static final ByteString DATA = ByteString.encodeUtf8("data");

  private final BufferedSource source;
  private final Buffer data = new Buffer();
  private String eventType;
  private String eventId;
  private boolean skipLineFeed;
  private boolean firstLine = true;

  public SseReader(BufferedSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Blocks for the next event.
   *
   * @return the event, or null at the end of the stream
   * @throws IOException if reading fails
   */
  public SseEvent next() throws IOException {
    if (!advance()) {
      return null;
    }
    return new SseEvent(eventType, data.readUtf8(), eventId);
  }

  /**
   * Blocks for the next event and makes it the current one: its type is {@link #eventType()}, its
   * id {@link #eventId()} and its data's UTF-8 bytes are in {@link #data()}.
   *
   * @return true if there is an event, false at the end of the stream
   * @throws IOException if reading fails
   */
  public boolean advance() throws IOException {
    data.clear();
    eventType = null;
    eventId = null;
    boolean hasData = false;
    String event = null;
    String id = null;
    Buffer buffer = source.getBuffer();
    long end;
    while ((end = nextLineEnd()) >= 0) {
      if (firstLine) {
        firstLine = false;
        if (end >= 3 && buffer.rangeEquals(0, BOM)) {
          buffer.skip(3);
          end -= 3;
        }
      }
      if (end == 0) {
        endLine();
        if (hasData) {
          eventType = event;
          eventId = id;
          return true;
        }
        event = null;
        continue;
      }
      if (buffer.getByte(0) == ':') {
        buffer.skip(end);
        endLine();
        continue;
      }
      long colon = buffer.indexOf((byte) ':', 0, end);
      long nameLength = colon < 0 ? end : colon;
      if (nameLength == DATA.size() && buffer.rangeEquals(0, DATA)) {
        long start = colon < 0 ? end : colon + 1;
        if (start < end && buffer.getByte(start) == ' ') {
          start++;
        }
        if (hasData) {
          data.writeByte('\n');
        }
        hasData = true;
        buffer.skip(start);
        buffer.readFully(data, end - start);
        endLine();
        continue;
      }
      String line = buffer.readUtf8(end);
      endLine();
      int c = line.indexOf(':');
      String field = c < 0 ? line : line.substring(0, c);
      String value = "";
      if (c >= 0) {
        int start = c + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      if (field.equals("event")) {
        event = value;
      } else if (field.equals("id") && value.indexOf('\0') < 0) {
        id = value;
      }
      // "retry" and unknown fields carry nothing we use.
    }
    data.clear();
    return false;
  }

  /** The current event's {@code event:} field, or null if it had none. */
  public String eventType() {
    return eventType;
  }

  /** The current event's {@code id:} field, or null if it had none. */
  public String eventId() {
    return eventId;
  }

  /**
   * The current event's data lines, joined with {@code \n}, as UTF-8 bytes (as they came: not
   * validated). The caller may consume them; the next {@link #advance()} clears the buffer.
   */
  public Buffer data() {
    return data;
  }

  /**
   * Buffers the next whole line and returns its length (its bytes are then the first of the
   * source's buffer, followed by its terminator), or -1 if the stream ends before one.
   */
  private long nextLineEnd() throws IOException {
    if (skipLineFeed) {
      skipLineFeed = false;
      if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
    return source.indexOfElement(LINE_ENDS);
  }

  /** Consumes the terminator of the line just read; a CR may be followed by an LF still to come. */
  private void endLine() throws IOException {
    if (source.readByte() == '\r') {
      skipLineFeed = true;
    }
  }
}
