/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The canned wire bodies the {@link LoopbackServer} answers with: one Chat Completions response and
 * one streamed (SSE) response of {@link #STREAM_CHUNKS} content chunks, both in the shape OpenAI
 * documents (every field the official SDK models as required is present).
 */
final class Canned {
  /** How many content deltas the streamed answer has. */
  static final int STREAM_CHUNKS = 1000;

  /** The text of the non-streaming answer (about 300 characters, a typical short reply). */
  static final String ANSWER = "The contract renews automatically each year unless either party gives ninety days' "
      + "written notice. Clause 7 limits liability to the fees paid in the preceding twelve months, "
      + "except for breaches of confidentiality, and clause 9 lets either side terminate for material "
      + "breach not cured within thirty days.";

  /** The prompt every benchmark sends. */
  static final String PROMPT = "Summarise this contract in three sentences: the parties agree that ...";

  static final byte[] CHAT_JSON = ("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\","
      + "\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\","
      + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":58,\"total_tokens\":77,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
      + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
      + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_b3f1157249\"}")
      .getBytes(StandardCharsets.UTF_8);

  /**
   * The same answer as a Responses API response object ({@code POST .../responses}), as Bedrock's
   * OpenAI-compatible endpoint returns it for an inference profile.
   */
  static final byte[] RESPONSES_JSON = ("{\"id\":\"resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41\","
      + "\"object\":\"response\",\"created_at\":1741476777,\"status\":\"completed\",\"error\":null,"
      + "\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,"
      + "\"model\":\"us.openai.gpt-5.6-sol\",\"output\":[{\"type\":\"message\","
      + "\"id\":\"msg_67ccd3acc8d48190a77525dc6de64b4104becb25c45c1d41\",\"status\":\"completed\","
      + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + ANSWER + "\","
      + "\"annotations\":[]}]}],\"parallel_tool_calls\":true,\"previous_response_id\":null,"
      + "\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":false,\"temperature\":1.0,"
      + "\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,"
      + "\"truncation\":\"disabled\",\"usage\":{\"input_tokens\":19,\"input_tokens_details\":{\"cached_tokens\":0},"
      + "\"output_tokens\":58,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":77},"
      + "\"user\":null,\"metadata\":{}}").getBytes(StandardCharsets.UTF_8);

  /** The length of the text the streamed answer assembles to. */
  static final int STREAM_TEXT_LENGTH;

  static final byte[] STREAM_SSE;

  static {
    String head = "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_b3f1157249\",\"choices\":[";
    StringBuilder sb = new StringBuilder(256 * (STREAM_CHUNKS + 4));
    sb.append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    int text = 0;
    for (int i = 0; i < STREAM_CHUNKS; i++) {
      String token = (i % 10 == 9) ? " word" + i + "." : " word" + i;
      text += token.length();
      sb.append(head).append("{\"index\":0,\"delta\":{\"content\":\"").append(token)
          .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    sb.append(head).append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":null}\n\n");
    sb.append(head).append("],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":1000,\"total_tokens\":1019,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n");
    sb.append("data: [DONE]\n\n");
    STREAM_TEXT_LENGTH = text;
    STREAM_SSE = sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The same answer as a Bedrock Converse response ({@code POST /model/{modelId}/converse}). */
  static final byte[] CONVERSE_JSON = ("{\"metrics\":{\"latencyMs\":412},\"output\":{\"message\":{\"content\":"
      + "[{\"text\":\"" + ANSWER + "\"}],\"role\":\"assistant\"}},\"stopReason\":\"end_turn\","
      + "\"usage\":{\"inputTokens\":19,\"outputTokens\":58,\"totalTokens\":77}}").getBytes(StandardCharsets.UTF_8);

  /** Text deltas in {@link #CONVERSE_STREAM}: as many as the SSE stream has content chunks. */
  static final int CONVERSE_STREAM_DELTAS = STREAM_CHUNKS;

  /**
   * A ConverseStream answer ({@code application/vnd.amazon.eventstream}): messageStart, one
   * contentBlockDelta per token (the tokens of {@link #STREAM_SSE}), contentBlockStop, messageStop and
   * metadata, each an event-stream message with its {@code :event-type}, {@code :content-type} and
   * {@code :message-type} headers and CRCs. The text assembles to {@link #STREAM_TEXT_LENGTH} characters.
   */
  static final byte[] CONVERSE_STREAM;

  static {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128 * (CONVERSE_STREAM_DELTAS + 8));
    frame(out, "messageStart", "{\"p\":\"abcd\",\"role\":\"assistant\"}");
    for (int i = 0; i < CONVERSE_STREAM_DELTAS; i++) {
      String token = (i % 10 == 9) ? " word" + i + "." : " word" + i;
      frame(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + token + "\"},\"p\":\"abcdefgh\"}");
    }
    frame(out, "contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghij\"}");
    frame(out, "messageStop", "{\"p\":\"abcdef\",\"stopReason\":\"end_turn\"}");
    frame(out, "metadata", "{\"metrics\":{\"latencyMs\":812},\"p\":\"abc\","
        + "\"usage\":{\"inputTokens\":19,\"outputTokens\":1000,\"totalTokens\":1019}}");
    CONVERSE_STREAM = out.toByteArray();
  }

  private static void frame(java.io.ByteArrayOutputStream out, String type, String json) {
    java.util.Map<String, software.amazon.eventstream.HeaderValue> headers = new java.util.LinkedHashMap<>();
    headers.put(":event-type", software.amazon.eventstream.HeaderValue.fromString(type));
    headers.put(":content-type", software.amazon.eventstream.HeaderValue.fromString("application/json"));
    headers.put(":message-type", software.amazon.eventstream.HeaderValue.fromString("event"));
    java.nio.ByteBuffer b = new software.amazon.eventstream.Message(headers, json.getBytes(StandardCharsets.UTF_8))
        .toByteBuffer();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    out.write(bytes, 0, bytes.length);
  }

  private Canned() {}

  /** The inputs of the embeddings benchmark: {@value #EMBEDDING_INPUTS} short texts. */
  static final int EMBEDDING_INPUTS = 256;
  /** The vectors' size, text-embedding-3-small's. */
  static final int EMBEDDING_DIMENSIONS = 1536;
  static final java.util.List<String> EMBEDDING_TEXTS;

  static {
    java.util.List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < EMBEDDING_INPUTS; i++) {
      texts.add("Clause " + i + ": the parties agree that notice is given in writing.");
    }
    EMBEDDING_TEXTS = java.util.List.copyOf(texts);
  }

  /**
   * The answer to an embeddings request for {@link #EMBEDDING_TEXTS}: {@value #EMBEDDING_INPUTS}
   * vectors of {@value #EMBEDDING_DIMENSIONS} floats, as JSON numbers or base64 of little-endian
   * floats (OpenAI's two encodings), with usage.
   */
  static byte[] embeddingsJson(boolean base64) {
    StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < EMBEDDING_INPUTS; i++) {
      float[] v = new float[EMBEDDING_DIMENSIONS];
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) (random.nextGaussian() * 0.03);
      }
      sb.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
          .append(",\"embedding\":");
      if (base64) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          buf.putFloat(f);
        }
        sb.append('"').append(java.util.Base64.getEncoder().encodeToString(buf.array())).append('"');
      } else {
        sb.append('[');
        for (int d = 0; d < v.length; d++) {
          sb.append(d == 0 ? "" : ",").append(v[d]);
        }
        sb.append(']');
      }
      sb.append('}');
    }
    sb.append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":3328,\"total_tokens\":3328}}");
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
