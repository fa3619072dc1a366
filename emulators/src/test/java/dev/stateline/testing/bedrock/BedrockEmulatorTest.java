/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.stateline.testing.aws.SignedRequests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.eventstream.Message;

/**
 * The emulator on the wire, seen through a plain HTTP client: paths, auth checks, JSON bodies,
 * event-stream frames and error shapes.
 */
class BedrockEmulatorTest {
  private static final String DATE = "20260115";
  private static final String AMZ_DATE = DATE + "T101500Z";
  private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + DATE
      + "/eu-central-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
      + "0123456789abcdef".repeat(4);
  private static final String BODY =
      "{\"system\":[{\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello there emulator\"}]}]}";

  private static final AwsCredentialsIdentity KEY = AwsCredentialsIdentity.create("AKIDEXAMPLE", "emulator-test-secret");

  private final BedrockEmulator emulator = BedrockEmulator.start().acceptCredentials("AKIDEXAMPLE",
      "emulator-test-secret");
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void tearDown() {
    emulator.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response post(String path, String authorization, String amzDate) throws IOException {
    Request.Builder b = new Request.Builder()
        .url(emulator.endpoint().resolve(path).toString())
        .post(RequestBody.create(BODY, MediaType.get("application/json")));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (amzDate != null) {
      b.header("X-Amz-Date", amzDate);
    }
    return http.newCall(b.build()).execute();
  }

  /** A request SigV4-signed as the SDK signs it, for signing name bedrock in eu-central-1. */
  private Response postSigned(String path) throws IOException {
    HttpUrl url = HttpUrl.get(emulator.endpoint().resolve(path).toString());
    return http.newCall(SignedRequests.signed("POST", url, BODY, KEY, "bedrock", "eu-central-1").build()).execute();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String s) throws IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(s);
  }

  @Test
  void givenASignedConverseRequest_whenPosted_thenItGetsTheEchoAnswerInConverseShape() throws IOException {
    try (Response r = postSigned("/model/openai.gpt-oss-120b-1%3A0/converse")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("x-amzn-RequestId")).isNotBlank();
      Map<String, Object> body = json(r.body().string());
      assertThat(body).containsEntry("stopReason", "end_turn");
      assertThat(body.get("output")).isEqualTo(Map.of("message", Map.of("role", "assistant",
          "content", List.of(Map.of("text", "Echo: hello there emulator")))));
      // words count as tokens: 2 (system) + 3 (user) in, 4 out
      assertThat(body.get("usage")).isEqualTo(Map.of("inputTokens", 5.0, "outputTokens", 4.0, "totalTokens", 9.0));
    }
    BedrockRecordedRequest rec = emulator.takeRequest();
    assertThat(rec.operation()).isEqualTo("Converse");
    assertThat(rec.modelId()).isEqualTo("openai.gpt-oss-120b-1:0");
    assertThat(rec.sigV4().accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(rec.sigV4().region()).isEqualTo("eu-central-1");
    assertThat(rec.sigV4().service()).isEqualTo("bedrock");
    assertThat(rec.sigV4().signedHeaders()).contains("host", "x-amz-content-sha256", "x-amz-date");
    assertThat(rec.at("messages", 0, "content", 0, "text")).isEqualTo("hello there emulator");
  }

  @Test
  void givenNoAuthorization_whenPosted_thenItIsRefusedAsBedrockDoes() throws IOException {
    try (Response r = post("/model/m/converse", null, AMZ_DATE)) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("x-amzn-ErrorType")).startsWith("MissingAuthenticationTokenException:");
      assertThat(json(r.body().string())).containsEntry("message", "Missing Authentication Token");
    }
    assertThat(emulator.requestCount()).as("refused requests are recorded too").isEqualTo(1);
  }

  @Test
  void givenAMalformedSignature_whenPosted_thenItIsAnIncompleteSignature() throws IOException {
    try (Response r = post("/model/m/converse", AUTH.replace("Signature=", "Signature=zz"), AMZ_DATE)) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.header("x-amzn-ErrorType")).startsWith("IncompleteSignatureException:");
    }
  }

  @Test
  void givenAnAmzDateThatDoesNotMatchTheScope_whenPosted_thenItIsRefused() throws IOException {
    try (Response r = post("/model/m/converse", AUTH, "20250101T000000Z")) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(json(r.body().string()).get("message").toString()).contains("Date in Credential scope");
    }
    try (Response r = post("/model/m/converse", AUTH, null)) {
      assertThat(r.code()).isEqualTo(403);
    }
  }

  @Test
  void givenAnUnknownPath_whenPosted_thenItIsNotFound() throws IOException {
    try (Response r = postSigned("/model/m/invoke-something")) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.header("x-amzn-ErrorType")).startsWith("UnknownOperationException:");
    }
  }

  @Test
  void givenAScriptedThrottle_whenPosted_thenItIs429WithTheErrorTypeHeaderAndMessage() throws IOException {
    emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "Too many requests").retryAfter("1")
        .requestId("req-9").build());

    try (Response r = postSigned("/model/m/converse")) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("x-amzn-ErrorType"))
          .isEqualTo("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
      assertThat(r.header("x-amzn-RequestId")).isEqualTo("req-9");
      assertThat(r.header("Retry-After")).isEqualTo("1");
      assertThat(json(r.body().string())).isEqualTo(Map.of("message", "Too many requests"));
    }
  }

  @Test
  void givenAStreamRequest_whenPosted_thenTheBodyIsValidEventStreamFramesInConverseStreamOrder() throws IOException {
    emulator.enqueue(BedrockReply.builder().text("Hi you").toolUse("t1", "f", "{\"a\":1}").chunkSize(3).build());

    List<Message> frames;
    try (Response r = postSigned("/model/m/converse-stream")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/vnd.amazon.eventstream");
      frames = decode(r.body().bytes());
    }

    assertThat(frames).allSatisfy(m -> {
      assertThat(m.getHeaders().get(":message-type").getString()).isEqualTo("event");
      assertThat(m.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
    });
    assertThat(frames).extracting(m -> m.getHeaders().get(":event-type").getString()).containsExactly(
        "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop",
        "contentBlockStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop",
        "messageStop", "metadata");
    Map<String, Object> firstDelta = json(payload(frames.get(1)));
    assertThat(firstDelta).containsEntry("contentBlockIndex", 0.0).containsEntry("delta", Map.of("text", "Hi "))
        .containsKey("p");
    assertThat(json(payload(frames.get(4)))).containsEntry("start",
        Map.of("toolUse", Map.of("toolUseId", "t1", "name", "f")));
    assertThat(json(payload(frames.get(5)))).containsEntry("delta", Map.of("toolUse", Map.of("input", "{\"a")));
    assertThat(json(payload(frames.get(9)))).containsEntry("stopReason", "tool_use");
    assertThat(json(payload(frames.get(10)))).containsKeys("usage", "metrics");
  }

  @Test
  void givenAScriptedStreamException_whenPosted_thenAnExceptionFrameEndsTheStream() throws IOException {
    emulator.enqueue(BedrockReply.builder().text("abc").exceptionAfterEvents(1, "throttlingException", "Slow down").build());

    List<Message> frames;
    try (Response r = postSigned("/model/m/converse-stream")) {
      frames = decode(r.body().bytes());
    }

    assertThat(frames).hasSize(2);
    Message last = frames.get(1);
    assertThat(last.getHeaders().get(":message-type").getString()).isEqualTo("exception");
    assertThat(last.getHeaders().get(":exception-type").getString()).isEqualTo("throttlingException");
    assertThat(json(payload(last))).isEqualTo(Map.of("message", "Slow down"));
  }

  @Test
  void givenAScriptedTruncation_whenPosted_thenTheStreamBreaksAfterTheCompleteFrames() {
    emulator.enqueue(BedrockReply.builder().text("abcdefgh").chunkSize(2).truncateAfterEvents(2).build());

    byte[][] received = new byte[1][];
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> {
      try (Response r = postSigned("/model/m/converse-stream")) {
        received[0] = r.body().bytes();
      }
    });

    assertThat(failure).as("the chunked body never finishes").isInstanceOf(IOException.class);
  }

  private static List<Message> decode(byte[] body) {
    ByteBuffer buf = ByteBuffer.wrap(body);
    List<Message> out = new ArrayList<>();
    while (buf.hasRemaining()) {
      int total = buf.getInt(buf.position());
      ByteBuffer one = buf.slice();
      one.limit(total);
      out.add(Message.decode(one)); // checks the prelude and message CRCs
      buf.position(buf.position() + total);
    }
    return out;
  }

  private static String payload(Message m) {
    return new String(m.getPayload(), StandardCharsets.UTF_8);
  }
}
