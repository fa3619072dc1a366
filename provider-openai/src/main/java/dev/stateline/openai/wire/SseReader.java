package dev.stateline.openai.wire;

import java.io.IOException;
import java.util.Objects;
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
 * <p>Part of the provider SPI. Not thread-safe: one reader per stream, used by one thread. It does
 * not close the source.
 */
public final class SseReader {
  private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
  private static final String BOM = "\uFEFF";

  private final BufferedSource source;
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
    StringBuilder data = null;
    String event = null;
    String id = null;
    String line;
    while ((line = readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(event, data.toString(), id);
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = "";
      if (colon >= 0) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      switch (field) {
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value.length());
          } else {
            data.append('\n');
          }
          data.append(value);
        }
        case "event" -> event = value;
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            id = value;
          }
        }
        default -> {
          // "retry" and unknown fields carry nothing we use.
        }
      }
    }
    return null;
  }

  /** The next whole line without its terminator, or null if the stream ends before one. */
  private String readLine() throws IOException {
    if (skipLineFeed) {
      skipLineFeed = false;
      if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
    long end = source.indexOfElement(LINE_ENDS);
    if (end < 0) {
      return null;
    }
    String line = source.readUtf8(end);
    if (source.readByte() == '\r') {
      skipLineFeed = true;
    }
    if (firstLine) {
      firstLine = false;
      if (line.startsWith(BOM)) {
        line = line.substring(1);
      }
    }
    return line;
  }
}
