/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Usage;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Servers that lie: answers without ids, garbage and absurd values in the event stream, streams too
 * large to keep, proxies that echo credentials back. Each gets a typed error or is tolerated as the
 * protocol allows, and no secret reaches a message.
 */
class ManagedAgentHostileServerTest {
  private static final String SESSION = "{\"id\":\"sess_1\",\"object\":\"agent.session\",\"status\":\"idle\"}";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN+veryLongSecretPart0123456789";
  private final MockWebServer server = new MockWebServer();
  private final ManagedAgentFixture fx = new ManagedAgentFixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
    server.close();
  }

  private StatelineClient client(BedrockManagedAgent.Builder b) throws Exception {
    server.start();
    return fx.client(b.endpointOverride(URI.create(server.url("/").toString())).build());
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse sse(String... events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      sb.append(e).append("\n\n");
    }
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sb.toString()).build();
  }

  private List<RecordedRequest> taken() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }

  @Test
  void aCreatedSessionWithoutAnId_isAProtocolError_andNothingIsSubmitted() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json("{\"object\":\"agent.session\"}"));
    }
    StatelineClient client = client(fx.builder());

    assertThatThrownBy(() -> client.session("case-1", SUPPORT).send("Hello.")).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no id");
    assertThat(taken()).extracting(RecordedRequest::getMethod).containsOnly("POST").hasSize(3);
  }

  @Test
  void garbageUnknownEventsAndAbsurdUsage_inTheStream_areTolerated_andTheAnswerComesThrough() throws Exception {
    server.enqueue(json(SESSION));
    server.enqueue(sse(": a comment", "data: not json at all", "data: [DONE]",
        "event: x\ndata: {\"type\":\"agent.session.something_new\",\"turn_id\":\"turn_1\"}",
        "data: {\"type\":\"agent.session.turn.created\",\"turn_id\":\"turn_1\",\"turn\":{\"id\":\"turn_1\"}}",
        "data: {\"type\":\"agent.session.turn.output_text.delta\",\"turn_id\":\"turn_1\",\"item_id\":\"m1\","
            + "\"delta\":42}",
        "data: {\"type\":\"agent.session.turn.output_text.done\",\"turn_id\":\"turn_1\",\"item_id\":\"m1\","
            + "\"text\":\"Fine.\"}",
        "data: {\"type\":\"agent.session.turn.completed\",\"turn_id\":\"turn_1\",\"usage\":{\"input_tokens\":-5,"
            + "\"output_tokens\":1e300,\"input_tokens_details\":{\"cached_tokens\":999}}}"));
    server.enqueue(new MockResponse.Builder().code(200).build()); // the submission, acknowledged empty
    StatelineClient client = client(fx.builder());

    ChatResponse answer = client.session("case-2", SUPPORT).send("Hello.");

    assertThat(answer.text()).isEqualTo("Fine.");
    assertThat(answer.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void aStreamLargerThanTheLimit_isLeft_andTheTurnIsReadFromTheItems() throws Exception {
    server.enqueue(json(SESSION));
    server.enqueue(sse("data: {\"type\":\"agent.session.turn.created\",\"turn_id\":\"turn_1\"}",
        "data: {\"type\":\"agent.session.turn.output_text.delta\",\"turn_id\":\"turn_1\",\"item_id\":\"m1\","
            + "\"delta\":\"" + "x".repeat(4000) + "\"}"));
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(json("{\"id\":\"sess_1\",\"status\":\"idle\",\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}"));
    server.enqueue(json("{\"object\":\"list\",\"has_more\":false,\"data\":[{\"id\":\"u1\",\"type\":\"message\","
        + "\"role\":\"user\",\"turn_id\":\"turn_1\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hello.\"}]},"
        + "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"turn_id\":\"turn_1\",\"content\":"
        + "[{\"type\":\"output_text\",\"text\":\"Short in the end.\"}]}]}"));
    StatelineClient client = client(fx.builder().maxResponseBytes(1024));

    ChatResponse answer = client.session("case-3", SUPPORT).send("Hello.");

    assertThat(answer.text()).isEqualTo("Short in the end.");
    assertThat(answer.usage()).isEqualTo(new Usage(12, 0, 3, 0));
    assertThat(taken()).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET", "POST", "GET", "GET");
  }

  @Test
  void aProxyThatEchoesTheCredentials_getsNoSecretIntoTheError() throws Exception {
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String echoed = request.getHeaders().get("Authorization") + " " + request.getHeaders().get("X-Amz-Security-Token");
        return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
            .body("{\"error\":{\"message\":\"bad request from " + echoed + " key " + ManagedAgentFixture.SECRET_KEY
                + "\",\"type\":\"invalid_request_error\"}}").build();
      }
    });
    StaticCredentialsProvider temporary = StaticCredentialsProvider.create(AwsSessionCredentials.create(
        ManagedAgentFixture.ACCESS_KEY_ID, ManagedAgentFixture.SECRET_KEY, TOKEN));
    StatelineClient client = client(fx.builder().credentialsProvider(temporary));

    assertThatThrownBy(() -> client.session("case-4", SUPPORT).send("Hello.")).isInstanceOfSatisfying(
        StatelineException.class, e -> assertThat(e.getMessage() + " " + e).doesNotContain(TOKEN)
            .doesNotContain(ManagedAgentFixture.SECRET_KEY).contains("***"));
  }

  @Test
  void aProxyThatEchoesTheApiKey_getsNoKeyIntoTheError() throws Exception {
    String key = "bedrock-api-key-HOSTILE-0123456789abcdef";
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(403).addHeader("Content-Type", "application/json")
            .body("{\"message\":\"denied for " + request.getHeaders().get("Authorization") + "\"}").build();
      }
    });
    StatelineClient client = client(BedrockManagedAgent.target("aws-agents").region("us-east-1")
        .roleArn(ManagedAgentFixture.ROLE).agent("support", ManagedAgentFixture.agent()).apiKey(key));

    assertThatThrownBy(() -> client.session("case-5", SUPPORT).send("Hello.")).isInstanceOfSatisfying(
        StatelineException.class, e -> assertThat(e.getMessage() + " " + e).doesNotContain(key).contains("***"));
  }
}
