/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.Usage;
import dev.stateline.openai.internal.JsonIo;
import dev.stateline.spi.ResponseAssembler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import okio.Buffer;
import okio.ByteString;

/**
 * Decodes a streamed Chat Completions answer: {@code data: {chunk}} events
 * ({@code object: "chat.completion.chunk"}) ending with {@code data: [DONE]}.
 *
 * <p>From the first choice's {@code delta} it emits {@link ChatEvent.TextDelta}s ({@code content}, and
 * {@code refusal} text) and {@link ChatEvent.ToolCallDelta}s ({@code tool_calls[].index}, with
 * {@code id} and {@code function.name} on a call's first fragment and {@code function.arguments}
 * fragments after it; several parallel calls may interleave by index). The final
 * {@code usage} chunk (asked for with {@code stream_options.include_usage}, with empty
 * {@code choices}) becomes a {@link ChatEvent.UsageReport}. An {@code {"error": {...}}} chunk fails the
 * stream. Unknown fields go to the {@link ResponseExtension.Reader} or are skipped. An event with an
 * SSE {@code event:} type other than {@code message} or {@code error} (a proxy's {@code ping}, say)
 * is not a chunk Stateline uses: it is decoded if its data parses and skipped if it does not, so it
 * cannot fail the stream; a chunk that does not parse fails it.
 *
 * <p>Part of the provider SPI. Not thread-safe: one per stream.
 */
public final class ChatCompletionsStreamDecoder implements StreamDecoder {
  private static final JsonReader.Options TOP =
      JsonReader.Options.of("id", "model", "choices", "usage", "error");
  private static final JsonReader.Options CHOICE =
      JsonReader.Options.of("index", "delta", "finish_reason");
  private static final JsonReader.Options DELTA =
      JsonReader.Options.of("content", "tool_calls", "refusal");
  private static final JsonReader.Options TOOL_CALL =
      JsonReader.Options.of("index", "id", "function");

  private final ResponseAssembler assembler;
  private final ResponseExtension.Reader ext;
  private final boolean expectUsage;
  private static final ByteString DONE = ByteString.encodeUtf8("[DONE]");

  /** The deltas of the choice being read, held until its index is known (reused: one per decoder). */
  private final List<ChatEvent> pending = new ArrayList<>(2);
  private final Consumer<ChatEvent> addPending = pending::add;
  private JsonReader.Options lastId;
  private JsonReader.Options lastModel;
  private boolean sawFinishReason;
  private boolean sawUsage;
  private ProviderError error;

  /**
   * @param assembler the stream's assembler; this decoder sets its id, model and finish reason
   * @param ext offered unknown fields
   * @param expectUsage whether the request asked for a usage chunk
   */
  public ChatCompletionsStreamDecoder(
      ResponseAssembler assembler, ResponseExtension.Reader ext, boolean expectUsage) {
    this.assembler = Objects.requireNonNull(assembler, "assembler");
    this.ext = Objects.requireNonNull(ext, "ext");
    this.expectUsage = expectUsage;
  }

  @Override
  public Progress decode(SseEvent event, Consumer<ChatEvent> out) throws IOException {
    return decode(event.event(), event.id(), new Buffer().writeUtf8(event.data()), out);
  }

  /** Decodes the chunk straight from its bytes: no String is made of the event's data. */
  @Override
  public Progress decode(String type, String id, Buffer data, Consumer<ChatEvent> out) throws IOException {
    if (data.size() == DONE.size() && data.rangeEquals(0, DONE)) {
      return Progress.DONE;
    }
    if (isBlank(data)) {
      return Progress.MORE;
    }
    if (type != null && !type.equals("message") && !type.equals("error")) {
      // Not a chunk: decoded if it parses (it may still carry an error), skipped if it does not.
      List<ChatEvent> held = new ArrayList<>();
      Progress progress;
      try {
        progress = decodeChunk(data, held::add);
      } catch (IOException | RuntimeException e) {
        pending.clear();
        return Progress.MORE;
      }
      held.forEach(out);
      return progress;
    }
    return decodeChunk(data, out);
  }

  private Progress decodeChunk(Buffer data, Consumer<ChatEvent> out) throws IOException {
    JsonReader reader = JsonReader.of(data);
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> {
          // Every chunk repeats the id and model: a value equal to the last one is matched in the
          // bytes and not read as a new String (the assembler keeps the last non-null value).
          if (lastId == null || reader.selectString(lastId) != 0) {
            String value = JsonIo.nextStringOrNull(reader);
            if (value != null) {
              assembler.id(value);
              lastId = JsonReader.Options.of(value);
            }
          }
        }
        case 1 -> {
          if (lastModel == null || reader.selectString(lastModel) != 0) {
            String value = JsonIo.nextStringOrNull(reader);
            if (value != null) {
              assembler.model(value);
              lastModel = JsonReader.Options.of(value);
            }
          }
        }
        case 2 -> readChoices(reader, out);
        case 3 -> {
          Usage usage = WireReads.chatUsage(reader);
          if (usage != null) {
            sawUsage = true;
            out.accept(new ChatEvent.UsageReport(usage));
          }
        }
        case 4 -> {
          ProviderError e = ProviderError.read(reader);
          if (e != null) {
            error = e;
          }
        }
        default -> ChatCompletionsDecoder.unknown(reader, ext, ResponseExtension.Scope.RESPONSE, -1, true);
      }
    }
    reader.endObject();
    ChatCompletionsDecoder.requireEnd(reader);
    return error != null ? Progress.FAILED : Progress.MORE;
  }

  private void readChoices(JsonReader reader, Consumer<ChatEvent> out) throws IOException {
    if (JsonIo.skipNull(reader)) {
      return;
    }
    reader.beginArray();
    int position = 0;
    while (reader.hasNext()) {
      readChoice(reader, position++, out);
    }
    reader.endArray();
  }

  private void readChoice(JsonReader reader, int position, Consumer<ChatEvent> out) throws IOException {
    // Deltas are emitted only for choice 0; "index" normally comes first, but in case it does not,
    // a choice's deltas are buffered until its index is known.
    int index = position;
    boolean indexSeen = false;
    List<ChatEvent> pending = this.pending;
    pending.clear();
    String finishReason = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(CHOICE)) {
        case 0 -> {
          index = JsonIo.nextIntOr(reader, position);
          indexSeen = true;
        }
        case 1 -> {
          if (indexSeen && index != 0) {
            reader.skipValue();
          } else {
            readDelta(reader, addPending);
          }
        }
        case 2 -> finishReason = JsonIo.nextStringOrNull(reader);
        default -> ChatCompletionsDecoder.unknown(reader, ext, ResponseExtension.Scope.CHOICE, position, true);
      }
    }
    reader.endObject();
    if (index != 0) {
      return;
    }
    for (int i = 0; i < pending.size(); i++) {
      out.accept(pending.get(i));
    }
    pending.clear();
    if (finishReason != null) {
      sawFinishReason = true;
      assembler.finishReason(WireReads.chatFinishReason(finishReason), finishReason);
    }
  }

  private void readDelta(JsonReader reader, Consumer<ChatEvent> out) throws IOException {
    if (JsonIo.skipNull(reader)) {
      return;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(DELTA)) {
        case 0, 2 -> {
          String text = ChatCompletionsDecoder.readContent(reader);
          if (text != null && !text.isEmpty()) {
            out.accept(new ChatEvent.TextDelta(text));
          }
        }
        case 1 -> {
          if (!JsonIo.skipNull(reader)) {
            reader.beginArray();
            int position = 0;
            while (reader.hasNext()) {
              readToolCallDelta(reader, position++, out);
            }
            reader.endArray();
          }
        }
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
  }

  private static void readToolCallDelta(JsonReader reader, int position, Consumer<ChatEvent> out)
      throws IOException {
    if (JsonIo.skipNull(reader)) {
      return;
    }
    int index = position;
    String id = null;
    String[] fn = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOOL_CALL)) {
        case 0 -> index = JsonIo.nextIntOr(reader, position);
        case 1 -> id = JsonIo.nextStringOrNull(reader);
        case 2 -> fn = ChatCompletionsDecoder.readFunction(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    String name = fn == null ? null : fn[0];
    String args = fn == null || fn[1] == null ? "" : fn[1];
    if (id != null || name != null || !args.isEmpty()) {
      out.accept(new ChatEvent.ToolCallDelta(index, id, name, args));
    }
  }

  /** Like {@link String#isBlank()} on the data's text, without making it text unless it is not ASCII. */
  private static boolean isBlank(Buffer data) {
    long size = data.size();
    for (long i = 0; i < size; i++) {
      byte b = data.getByte(i);
      if (b < 0) {
        return data.clone().readUtf8().isBlank(); // non-ASCII: let String decide (Unicode spaces)
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ProviderError error() {
    return error;
  }

  @Override
  public boolean completeAtEof() {
    return sawFinishReason && (sawUsage || !expectUsage);
  }
}
