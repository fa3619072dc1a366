/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.EmbeddingEncoding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.FakeEmbeddingModel;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.faults.EmbeddingFaults;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.FaultMatrix;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix's embeddings rows ({@link EmbeddingFaults}) on Azure OpenAI's {@code /embeddings}:
 * each fault staged on the emulator's wire as the chat matrix stages it, the call an embedding of
 * one text. No assertion on elapsed time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AzureEmbeddingsFaultMatrixTest {
  private static final String EMBED = "text-embedding-3-small";
  private static final String DEPLOYMENT = "embed-small-prod";
  private static final EmbeddingRequest HI = EmbeddingRequest.builder("embed").input("hi").dimensions(8).build();
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofSeconds(30));

  private final AzureOpenAiEmulator azure = AzureOpenAiEmulator.builder().deployment(DEPLOYMENT, EMBED).build().start();
  private final AzureOpenAiEmulator backup = AzureOpenAiEmulator.builder().deployment(DEPLOYMENT, EMBED).build()
      .start();
  private final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    clients.forEach(StatelineClient::close);
    azure.close();
    backup.close();
  }

  static List<Fault> faults() {
    return EmbeddingFaults.faults();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void eachFaultEndsAsForAPlainCall(Fault f) {
    EmbeddingResponse answer = EmbeddingFaults.check(f, stage(f));

    if (answer != null) {
      assertThat(answer.vector(0)).isEqualTo(FakeEmbeddingModel.vectorFor("hi", 8));
    }
    if (f == Fault.CONNECTION_REFUSED) {
      assertThat(answer.target()).isEqualTo("azure-weu");
    }
  }

  private EmbeddingFaults.Outcome stage(Fault f) {
    String text = FaultMatrix.TEXT;
    return switch (f) {
      case CONNECTION_REFUSED -> call(client(AzureOpenAi.target("azure-swc").endpoint(WireFaults.refusedUrl("/"))
          .apiKey(azure.apiKey()).embeddingDeployment("embed", DEPLOYMENT), AzureOpenAi.target("azure-weu")
          .endpoint(backup.endpoint().toString()).apiKey(backup.apiKey()).embeddingDeployment("embed", DEPLOYMENT)
          .build()), HI, CallOptions.defaults());
      case RESET_MID_BODY -> scripted(AzureReply.of(Reply.text(text).withWireFault(WireFaults::resetMidBody)), HI,
          CallOptions.defaults());
      case HEADERS_NEVER_ARRIVE -> scripted(AzureReply.of(Reply.text("never").withWireFault(
          WireFaults::headersNeverArrive)), HI, FaultMatrix.SHORT_READ);
      case TRICKLE_TOO_SLOW -> scripted(AzureReply.of(Reply.text(text).withWireFault(
          r -> WireFaults.trickle(r, 16, Duration.ofSeconds(3)))), HI, FaultMatrix.SHORT_READ);
      case TRICKLE_WITHIN_TIMEOUT -> scripted(AzureReply.of(Reply.text(text).withWireFault(
          r -> WireFaults.trickle(r, 8, Duration.ofMillis(2)))), HI, CallOptions.defaults());
      case TRICKLE_PAST_TOTAL -> scripted(AzureReply.of(Reply.text(text).withWireFault(
          r -> WireFaults.trickle(r, 64, Duration.ofMillis(20)))),
          HI.toBuilder().dimensions(3072).encoding(EmbeddingEncoding.FLOAT).build(), FaultMatrix.SHORT_TOTAL);
      case MALFORMED_JSON -> scripted(AzureReply.of(Reply.malformedJson()), HI, CallOptions.defaults());
      case WRONG_CONTENT_TYPE -> scripted(AzureReply.of(Reply.text("x").withWireFault(r -> WireFaults.withBody(r,
          "text/html", "<html><body>Gateway says hello</body></html>"))), HI, CallOptions.defaults());
      case ERROR_IN_200 -> scripted(AzureReply.of(Reply.text("x").withWireFault(r -> WireFaults.withBody(r,
          "application/json", "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"The server had an"
              + " error while processing your request.\"}}"))), HI, CallOptions.defaults());
      case OVERSIZED_BODY -> call(client(AzureFixtures.target(azure).embeddingDeployment("embed", DEPLOYMENT)
          .maxResponseBytes(1024)), HI.toBuilder().dimensions(null).build(), CallOptions.defaults());
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(7)), AzureReply.rateLimited(Duration.ofMillis(9)));
        yield call(client(), HI, CallOptions.defaults());
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        for (int i = 0; i < 3; i++) {
          azure.enqueue(AzureReply.of(Reply.error(429, "requests", "429", "Rate limit is exceeded.")));
        }
        yield call(client(), HI, CallOptions.defaults());
      }
      case SERVER_ERRORS_RECOVERING -> {
        azure.enqueue(AzureReply.of(Reply.serverError(500)), AzureReply.of(Reply.serverError(503)));
        yield call(client(), HI, CallOptions.defaults());
      }
      case SERVER_ERRORS_PERSISTENT -> {
        azure.conditions(Conditions.outage());
        yield call(client(), HI, CallOptions.defaults());
      }
      default -> throw new AssertionError("no embeddings scenario for " + f);
    };
  }

  private EmbeddingFaults.Outcome scripted(AzureReply reply, EmbeddingRequest request, CallOptions options) {
    azure.enqueue(reply);
    return call(client(), request, options);
  }

  private static EmbeddingFaults.Outcome call(StatelineClient client, EmbeddingRequest request, CallOptions options) {
    return EmbeddingFaults.Outcome.of(() -> client.embed(request, options));
  }

  private StatelineClient client() {
    return client(AzureFixtures.target(azure).embeddingDeployment("embed", DEPLOYMENT));
  }

  private StatelineClient client(AzureOpenAi.TargetBuilder target, Target... more) {
    StatelineClient.Builder b = StatelineClient.builder().target(target.build()).retryPolicy(FaultMatrix.RETRIES)
        .timeouts(TIMEOUTS);
    for (Target t : more) {
      b.target(t);
    }
    StatelineClient client = b.build();
    clients.add(client);
    return client;
  }
}
