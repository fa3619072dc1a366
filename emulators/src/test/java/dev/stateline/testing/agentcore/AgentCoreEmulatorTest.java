/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import dev.stateline.testing.aws.SignedRequests;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The AgentCore emulator on the wire: REST-JSON paths as the SDK sends them, AgentCore's ids and errors. */
class AgentCoreEmulatorTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260301/eu-central-1/bedrock-agentcore/aws4_request, "
      + "SignedHeaders=host;x-amz-date, Signature=" + "0123456789abcdef".repeat(4);
  static final String MEMORY = "mem-AbCdE12345";
  static final String ARN = "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/agent-AbCdE12345";

  static final AwsCredentialsIdentity KEY = AwsCredentialsIdentity.create("AKIDTEST", "emulator-test-secret");

  final AgentCoreEmulator ac = AgentCoreEmulator.start().createMemory(MEMORY)
      .acceptCredentials("AKIDTEST", "emulator-test-secret");
  final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void close() {
    ac.close();
  }

  record Answer(int status, String errorType, String contentType, String sessionHeader, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      try {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(body);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  Answer send(String method, String path, String body, String auth, Map<String, String> headers) {
    Request.Builder b;
    if (AUTH.equals(auth)) { // signed for real, as the SDK signs
      b = SignedRequests.signed(method, HttpUrl.get(ac.endpoint() + path), body, headers, KEY, "bedrock-agentcore",
          "eu-central-1");
    } else {
      b = new Request.Builder().url(ac.endpoint() + path).header("X-Amz-Date", "20260301T100000Z")
          .method(method, body == null ? null : RequestBody.create(body, JSON));
      if (auth != null) {
        b.header("Authorization", auth);
      }
      headers.forEach(b::header);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      return new Answer(r.code(), r.header("x-amzn-ErrorType"), r.header("Content-Type"),
          r.header("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"), r.body().string());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Answer post(String path, String body) {
    return send("POST", path, body, AUTH, Map.of());
  }

  Answer createEvent(String session, double timestamp, String token) {
    return post("/memories/" + MEMORY + "/events", "{\"actorId\":\"app/one\",\"sessionId\":\"" + session
        + "\",\"eventTimestamp\":" + timestamp + ",\"payload\":[{\"blob\":{\"n\":" + timestamp + "}}]"
        + (token == null ? "" : ",\"clientToken\":\"" + token + "\"") + "}");
  }

  @Test
  void given_events_then_they_list_newest_first_in_pages_and_a_client_token_writes_once() {
    Answer first = createEvent("s-1", 1772359200.5, "tok");
    createEvent("s-1", 1772359200.5, "tok");
    createEvent("s-1", 1772359201.0, null);
    createEvent("s-1", 1772359202.0, null);

    assertThat(first.status()).isEqualTo(201);
    @SuppressWarnings("unchecked")
    Map<String, Object> event = (Map<String, Object>) first.json().get("event");
    assertThat((String) event.get("eventId")).matches("[0-9]+#[a-fA-F0-9]+").startsWith("1772359200500#");
    String list = "/memories/" + MEMORY + "/actor/app%2Fone/sessions/s-1";
    Answer page1 = post(list, "{\"maxResults\":2,\"includePayloads\":true}");
    Answer page2 = post(list, "{\"maxResults\":2,\"nextToken\":\"" + page1.json().get("nextToken") + "\"}");
    assertThat((List<?>) page1.json().get("events")).extracting(e -> (Object) ((Map<?, ?>) e).get("eventTimestamp"))
        .containsExactly(1772359202.0, 1772359201.0);
    assertThat((List<?>) page2.json().get("events")).hasSize(1);
    assertThat(page2.json()).doesNotContainKey("nextToken");
    Answer sessions = post("/memories/" + MEMORY + "/actor/app%2Fone/sessions", "{}");
    assertThat((List<?>) sessions.json().get("sessionSummaries")).extracting(s -> (Object) ((Map<?, ?>) s).get("sessionId"))
        .containsExactly("s-1");
    Answer deleted = send("DELETE", list + "/events/" + event.get("eventId").toString().replace("#", "%23"), null,
        AUTH, Map.of());
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(ac.events(MEMORY, "app/one", "s-1")).hasSize(2);
  }

  @Test
  void given_ids_outside_agentcore_patterns_or_a_missing_memory_then_errors_come_back_typed() {
    Answer badSession = createEvent("bad id", 1.0, null);
    Answer longSession = createEvent("x".repeat(101), 1.0, null);
    Answer noMemory = post("/memories/none-AbCdE12345/events", "{\"actorId\":\"a\",\"sessionId\":\"s\","
        + "\"eventTimestamp\":1,\"payload\":[]}");
    Answer unsigned = send("POST", "/memories/" + MEMORY + "/events", "{}", null, Map.of());
    Answer bedrockScope = send("POST", "/memories/" + MEMORY + "/events", "{}", AUTH.replace("/bedrock-agentcore/", "/bedrock/"),
        Map.of());

    assertThat(List.of(badSession, longSession)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorType()).isEqualTo("ValidationException");
    });
    assertThat(noMemory.status()).isEqualTo(404);
    assertThat(noMemory.errorType()).isEqualTo("ResourceNotFoundException");
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(bedrockScope.json().get("message").toString()).contains("'bedrock-agentcore'");
  }

  @Test
  void given_runtime_invocations_then_the_emulated_agent_keeps_state_per_runtime_session_and_can_stream() {
    String session = "stateline-" + "0".repeat(36);
    String path = "/runtimes/" + ARN.replace(":", "%3A").replace("/", "%2F") + "/invocations";
    Map<String, String> headers = Map.of("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", session);

    Answer one = send("POST", path, "{\"prompt\":\"hello\"}", AUTH, headers);
    Answer two = send("POST", path, "{\"prompt\":\"again\"}", AUTH, Map.of(
        "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", session, "Accept", "text/event-stream"));
    Answer shortId = send("POST", path, "{\"prompt\":\"x\"}", AUTH, Map.of("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", "short"));

    assertThat(one.body()).isEqualTo("{\"result\":{\"role\":\"assistant\",\"content\":[{\"text\":\"turn 1: hello\"}]}}");
    assertThat(one.sessionHeader()).isEqualTo(session);
    assertThat(two.contentType()).isEqualTo("text/event-stream");
    assertThat(two.body()).startsWith("data: \"turn \"\n\n").contains("data: \"(after \"\n\n").endsWith("data: \"hello)\"\n\n");
    assertThat(shortId.errorType()).isEqualTo("ValidationException");
    assertThat(ac.runtimeSessions()).containsExactly(Map.entry(session, List.of("hello", "again")));
    assertThat(ac.requests().get(0).pathSegments().get(1)).isEqualTo(ARN);
  }
}
