/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.stateline.testing.aws.SignedRequests;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The Bedrock Managed Agents emulator, spoken to with raw HTTP and the AWS SDK's signer: it verifies
 * the signature (signing name bedrock-mantle), checks requests as the preview's reference says,
 * and serves sessions, their live event stream and their paginated items.
 */
class BedrockManagedAgentsEmulatorTest {
  static final String AKID = "AKIAEMULATORAGENTS01";
  static final String SECRET = "emulator-agents-secret-key-00000000000000";
  static final String ROLE = "arn:aws:iam::123456789012:role/BedrockManagedAgentsPreviewInferenceServiceRole";
  static final String AGENT = "{\"agent\":{\"model\":\"openai.gpt-5.6-luna\"},\"environment\":{\"type\":\"self_hosted\","
      + "\"workspace_directory\":\"/w\"},\"role_arn\":\"" + ROLE + "\"}";

  /** No silent retries: OkHttp would otherwise resend a POST whose pooled connection broke. */
  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10))
      .retryOnConnectionFailure(false).build();
  private final BedrockManagedAgentsEmulator bma = BedrockManagedAgentsEmulator.builder().credentials(AKID, SECRET)
      .build().start();

  @AfterEach
  void stop() {
    bma.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Request.Builder signed(String method, String path, String body) {
    return SignedRequests.signed(method, bma.url(path), body, AwsCredentialsIdentity.create(AKID, SECRET),
        "bedrock-mantle", "us-east-1");
  }

  private Response send(Request.Builder r) throws IOException {
    return http.newCall(r.build()).execute();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Response r) throws IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(r.body().string());
  }

  private String create() throws IOException {
    try (Response r = send(signed("POST", "/openai/v1/agents/sessions", AGENT))) {
      assertThat(r.code()).isEqualTo(200);
      return (String) json(r).get("id");
    }
  }

  private static String message(String text) {
    return "{\"events\":[{\"type\":\"agent.session.input.message\",\"input\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_text\",\"text\":\"" + text + "\"}]}]}]}";
  }

  @Test
  void aSignatureForAnotherServiceOrRegion_orNone_isRefused_andTheRightOneAnswered() throws IOException {
    try (Response r = send(SignedRequests.signed("GET", bma.url("/openai/v1/agents/sessions"), null,
        AwsCredentialsIdentity.create(AKID, SECRET), "bedrock", "us-east-1"))) {
      assertThat(r.code()).isEqualTo(403);
    }
    try (Response r = send(SignedRequests.signed("GET", bma.url("/openai/v1/agents/sessions"), null,
        AwsCredentialsIdentity.create(AKID, SECRET), "bedrock-mantle", "us-west-2"))) {
      assertThat(r.code()).isEqualTo(403);
    }
    try (Response r = send(new Request.Builder().url(bma.url("/openai/v1/agents/sessions")))) {
      assertThat(r.code()).isBetween(400, 403);
    }
    try (Response r = send(SignedRequests.signed("GET", bma.url("/openai/v1/agents/sessions"), null,
        AwsCredentialsIdentity.create(AKID, "another-secret-key-000000000000000000000"), "bedrock-mantle",
        "us-east-1"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.body().string()).contains("SignatureDoesNotMatch");
    }
    try (Response r = send(signed("GET", "/openai/v1/agents/sessions", null))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(json(r)).containsEntry("object", "list").containsEntry("has_more", false);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "an unknown field | {\"agent\":{\"model\":\"openai.gpt-5.6-luna\"},\"environment\":{\"type\":\"self_hosted\"},"
          + "\"role_arn\":\"" + ROLE + "\",\"subagents\":true} | Unknown parameter: 'subagents'",
      "an unknown agent field | {\"agent\":{\"model\":\"openai.gpt-5.6-luna\",\"multi_agent\":{}},"
          + "\"environment\":{\"type\":\"self_hosted\"},\"role_arn\":\"" + ROLE + "\"} | 'agent.multi_agent'",
      "no role | {\"agent\":{\"model\":\"openai.gpt-5.6-luna\"},\"environment\":{\"type\":\"self_hosted\"}} | role_arn",
      "a role of another account | {\"agent\":{\"model\":\"openai.gpt-5.6-luna\"},\"environment\":{\"type\":"
          + "\"self_hosted\"},\"role_arn\":\"arn:aws:iam::999999999999:role/R\"} | calling account",
      "a cross-Region profile | {\"agent\":{\"model\":\"us.openai.gpt-5.6-luna\"},\"environment\":{\"type\":"
          + "\"self_hosted\"},\"role_arn\":\"" + ROLE + "\"} | Cross-Region inference profiles",
      "a Runtime in another Region | {\"agent\":{\"model\":\"openai.gpt-5.6-luna\"},\"environment\":{\"type\":"
          + "\"aws_bedrock_agentcore\",\"runtime_arn\":\"arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/"
          + "r-AbCdE12345\"},\"role_arn\":\"" + ROLE + "\"} | Region",
      "an image as input | {\"agent\":{\"model\":\"openai.gpt-5.6-luna\"},\"environment\":{\"type\":"
          + "\"self_hosted\"},\"role_arn\":\"" + ROLE + "\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
          + "\"input_image\",\"image_url\":\"data:x\"}]}]} | input"})
  void aCreateTheReferenceDoesNotDocument_isA400(String name, String body, String says) throws IOException {
    try (Response r = send(signed("POST", "/openai/v1/agents/sessions", body))) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.header("x-amzn-ErrorType")).isEqualTo("ValidationException");
      assertThat(r.body().string()).contains(says);
    }
    assertThat(bma.sessionIds()).isEmpty();
  }

  @Test
  void withoutThePreview_everyOperationIsA404() throws IOException {
    try (BedrockManagedAgentsEmulator off = BedrockManagedAgentsEmulator.builder().credentials(AKID, SECRET)
        .previewEnabled(false).build().start();
        Response r = send(SignedRequests.signed("POST", off.url("/openai/v1/agents/sessions"), AGENT,
            AwsCredentialsIdentity.create(AKID, SECRET), "bedrock-mantle", "us-east-1"))) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).contains("not available for this account");
    }
  }

  @Test
  void aSubmittedMessage_isAcknowledgedEmpty_andItsTurnStreamsToTheEventsOpenedBefore() throws Exception {
    String id = create();
    bma.enqueue(AgentTurn.builder().reasoning("think").text("Hello there.").usage(10, 0, 3, 1).build());
    try (Response stream = send(signed("GET", "/openai/v1/agents/sessions/" + id + "/events?stream=true", null))) {
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      try (Response ack = send(signed("POST", "/openai/v1/agents/sessions/" + id + "/events", message("Hi")))) {
        assertThat(ack.code()).isEqualTo(200);
        assertThat(ack.body().string()).isEmpty();
      }
      List<String> types = new ArrayList<>();
      BufferedSource source = stream.body().source();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("event: ")) {
          types.add(line.substring(7));
          if (line.endsWith("agent.session.idle")) {
            break;
          }
        }
      }
      assertThat(types).startsWith("agent.session.in_progress", "agent.session.turn.created",
          "agent.session.turn.item.added", "agent.session.turn.in_progress")
          .contains("agent.session.turn.reasoning_summary_text.delta", "agent.session.turn.output_text.delta",
              "agent.session.turn.output_text.done", "agent.session.turn.item.done")
          .endsWith("agent.session.turn.completed", "agent.session.idle");
    }
    try (Response r = send(signed("GET", "/openai/v1/agents/sessions/" + id, null))) {
      Map<String, Object> s = json(r);
      assertThat(s).containsEntry("status", "idle").containsEntry("object", "agent.session");
      assertThat(s.get("usage").toString()).contains("input_tokens=10");
    }
  }

  @Test
  void itemsArePaged_byLimitOrderAndAfter() throws Exception {
    String id = create();
    AgentTurn.Builder turn = AgentTurn.builder();
    for (int i = 0; i < 4; i++) {
      turn.text("part " + i);
    }
    bma.enqueue(turn.build());
    try (Response ack = send(signed("POST", "/openai/v1/agents/sessions/" + id + "/events", message("Go")))) {
      assertThat(ack.code()).isEqualTo(200);
    }
    assertThat(bma.awaitIdle(id, Duration.ofSeconds(5))).isTrue();

    Map<String, Object> first;
    try (Response r = send(signed("GET", "/openai/v1/agents/sessions/" + id + "/items?limit=2&order=asc", null))) {
      first = json(r);
    }
    assertThat(first).containsEntry("has_more", true);
    assertThat((List<?>) first.get("data")).hasSize(2);
    try (Response r = send(signed("GET", "/openai/v1/agents/sessions/" + id + "/items?limit=100&order=asc&after="
        + first.get("last_id"), null))) {
      Map<String, Object> rest = json(r);
      assertThat(rest).containsEntry("has_more", false);
      assertThat((List<?>) rest.get("data")).hasSize(3);
    }
    try (Response r = send(signed("GET", "/openai/v1/agents/sessions/" + id + "/items", null))) {
      Map<String, Object> newest = json(r);
      assertThat(newest.get("first_id")).as("desc by default").isEqualTo(bma.items(id).get(4).get("id"));
    }
    for (String limit : List.of("0", "101", "x")) {
      try (Response r = send(signed("GET", "/openai/v1/agents/sessions/" + id + "/items?limit=" + limit, null))) {
        assertThat(r.code()).as("limit " + limit).isEqualTo(400);
      }
    }
  }

  @Test
  void aMessageWhileATurnRuns_isA409_andACancelEndsTheTurn() throws Exception {
    String id = create();
    bma.enqueue(AgentTurn.builder().untilCancelled().build());
    try (Response ack = send(signed("POST", "/openai/v1/agents/sessions/" + id + "/events", message("Long")))) {
      assertThat(ack.code()).isEqualTo(200);
    }
    try (Response busy = send(signed("POST", "/openai/v1/agents/sessions/" + id + "/events", message("More")))) {
      assertThat(busy.code()).isEqualTo(409);
    }
    try (Response cancel = send(signed("POST", "/openai/v1/agents/sessions/" + id + "/events",
        "{\"events\":[{\"type\":\"agent.session.input.cancel\"}]}"))) {
      assertThat(cancel.code()).isEqualTo(200);
    }
    assertThat(bma.awaitIdle(id, Duration.ofSeconds(5))).isTrue();
    assertThat(bma.userMessages(id)).containsExactly("Long");
  }

  @Test
  void aDroppedAnswer_wasAppliedAllTheSame() throws Exception {
    String id = create();
    bma.dropAnswer(Operation.SUBMIT_EVENTS, true);
    try (Response r = send(signed("POST", "/openai/v1/agents/sessions/" + id + "/events", message("Lost")))) {
      throw new AssertionError("expected no answer, got " + r.code());
    } catch (IOException expected) {
      // the connection closed where the answer would have been
    }
    assertThat(bma.awaitIdle(id, Duration.ofSeconds(5))).isTrue();
    assertThat(bma.userMessages(id)).containsExactly("Lost");
    assertThat(bma.faultsPending()).isZero();
  }

  @Test
  void aDeletedSession_isA404() throws IOException {
    String id = create();
    try (Response r = send(signed("DELETE", "/openai/v1/agents/sessions/" + id, null))) {
      assertThat(json(r)).containsEntry("deleted", true).containsEntry("id", id);
    }
    try (Response r = send(signed("GET", "/openai/v1/agents/sessions/" + id, null))) {
      assertThat(r.code()).isEqualTo(404);
    }
  }
}
