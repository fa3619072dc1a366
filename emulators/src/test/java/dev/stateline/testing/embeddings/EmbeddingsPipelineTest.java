/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.Price;
import dev.stateline.PriceBook;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.CircuitOpenException;
import dev.stateline.error.EmbeddingBatchException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.guardrail.Guardrail;
import dev.stateline.guardrail.GuardrailBlockedException;
import dev.stateline.guardrail.GuardrailVerdict;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Operation;
import dev.stateline.spi.ModelCall;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.TelemetryEvent;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeEmbeddingModel;
import dev.stateline.testing.FakeErrors;
import dev.stateline.testing.telemetry.TelemetryRecorder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Embedding calls run down the one call pipeline: batches, placement, retries, failover, cost, telemetry. */
class EmbeddingsPipelineTest {
  private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
      .maxBackoff(Duration.ofMillis(2)).build();

  private static List<String> texts(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("text number " + i);
    }
    return out;
  }

  private static Target azure(FakeEmbeddingModel model, String name) {
    return Target.embeddingBuilder(name, model).provider("azure.ai.openai").region(Region.azure("swedencentral"))
        .hosting(Target.Hosting.STATELESS_HOST).embeds("embed", "text-embedding-3-small").build();
  }

  /** A guardrail written for chat: masks card-like digit runs, blocks a word. */
  private static final Guardrail CHAT_GUARDRAIL = new Guardrail() {
    @Override
    public String name() {
      return "pii";
    }

    @Override
    public GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
      List<Message> masked = new ArrayList<>();
      boolean changed = false;
      for (Message m : request.messages()) {
        if (m.text().contains("classified")) {
          return GuardrailVerdict.block("mentions a classified document");
        }
        String t = m.text().replaceAll("\\d{4}(\\s?\\d{4}){3}", "[card]");
        changed |= !t.equals(m.text());
        masked.add(Message.user(t));
      }
      return changed ? GuardrailVerdict.redact(request.toBuilder().messages(masked).build()) : GuardrailVerdict.pass();
    }
  };

  @Test
  void givenAChatGuardrail_whenTextsAreEmbedded_thenItRedactsTheInputsSentAndBlocksWhatItBlocks() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel();
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).guardrail(CHAT_GUARDRAIL)
        .build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", List.of("pay with 4111 1111 1111 1111", "hello")));

      assertThat(fake.batches()).containsExactly(List.of("pay with [card]", "hello"));
      assertThat(r.vector(0)).isEqualTo(FakeEmbeddingModel.vectorFor("pay with [card]", 8));

      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("fine", "the classified memo"))))
          .isInstanceOf(GuardrailBlockedException.class).hasMessageContaining("pii")
          .hasMessageNotContaining("memo");
      assertThat(fake.batchCount()).as("a blocked call reaches no target").isEqualTo(1);
    }
  }

  @Test
  void givenARedactionThatCannotBeMappedBackOntoTheInputs_thenTheEmbeddingCallIsBlocked() {
    Guardrail merging = new Guardrail() {
      @Override
      public String name() {
        return "merging";
      }

      @Override
      public GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
        return GuardrailVerdict.redact(ChatRequest.of(request.model(), "everything, merged"));
      }
    };
    FakeEmbeddingModel fake = new FakeEmbeddingModel();
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).guardrail(merging).build()) {
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("a", "b"))))
          .isInstanceOf(GuardrailBlockedException.class).hasMessageContaining("cannot be mapped back");
      assertThat(fake.batchCount()).isZero();
    }
  }

  @Test
  void manyInputsAreSentInProviderSizedBatchesAndComeBackInInputOrder() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel().maxInputsPerRequest(10);
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).embeddingConcurrency(3)
        .build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", texts(95)));

      assertThat(r.embeddings()).hasSize(95);
      for (int i = 0; i < 95; i++) {
        assertThat(r.embeddings().get(i).index()).isEqualTo(i);
        assertThat(r.vector(i)).isEqualTo(FakeEmbeddingModel.vectorFor("text number " + i, 8));
      }
      assertThat(fake.batchCount()).isEqualTo(10);
      assertThat(r.batches()).isEqualTo(10);
      assertThat(fake.batches()).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10));
      assertThat(fake.maxConcurrentBatches()).isLessThanOrEqualTo(3);
      assertThat(r.usage().inputTokens()).isEqualTo(95 * 4L); // 14-15 bytes each: four tokens
      assertThat(r.target()).isEqualTo("azure");
      assertThat(r.provider()).isEqualTo("azure.ai.openai");
      assertThat(r.model()).isEqualTo("text-embedding-3-small");
      assertThat(r.dimensions()).isEqualTo(8);
      assertThat(r.attempts()).hasSize(1);
    }
  }

  @Test
  void theStandardPolicySendsEmbeddingsToTheStatelessHostAndSaysItWasAnEmbeddingCall() {
    FakeEmbeddingModel onAzure = new FakeEmbeddingModel();
    FakeEmbeddingModel onBedrock = new FakeEmbeddingModel();
    Target bedrock = Target.embeddingBuilder("bedrock", onBedrock).provider("aws.bedrock").region(Region.aws("eu-north-1"))
        .hosting(Target.Hosting.STATEFUL_RUNTIME).embeds("embed", "amazon.titan-embed-text-v2:0").build();
    Target chatOnly = new FakeChatModel().asTarget("chat-only", "gpt-4.1");
    try (StatelineClient client = StatelineClient.builder().target(bedrock).target(chatOnly)
        .target(azure(onAzure, "azure")).placement(PlacementPolicy.standard()).build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", List.of("a", "b")));

      assertThat(r.target()).isEqualTo("azure");
      assertThat(onBedrock.batchCount()).isZero();
      assertThat(r.placement().operation()).isEqualTo(Operation.EMBEDDINGS);
      assertThat(r.placement().kind()).isEqualTo(CallKind.STATELESS);
      assertThat(r.placement().toString()).contains("an embedding call");
      assertThat(r.placement().decision("chat-only").reason()).isEqualTo("does not embed model alias 'embed'");
      assertThat(r.placement().decision("bedrock").eligible()).isFalse();
      assertThat(r.placement().decision("azure").reason()).contains("embeds 'embed' as 'text-embedding-3-small'");
      // and a chat alias is not an embedding alias, nor the other way round
      assertThatThrownBy(() -> client.chat(ChatRequest.of("embed", "hi"))).isInstanceOf(NoEligibleTargetException.class);
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("gpt-4.1", List.of("hi"))))
          .isInstanceOf(NoEligibleTargetException.class);
    }
  }

  @Test
  void aThrottledBatchIsRetriedAloneAndNoBatchIsSentTwice() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel().maxInputsPerRequest(2)
        .failWith(FakeErrors.rateLimited(Duration.ofMillis(1)));
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).retryPolicy(FAST)
        .embeddingConcurrency(1).build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", List.of("a", "b", "c", "d", "e")));

      assertThat(r.embeddings()).extracting(Embedding::index).containsExactly(0, 1, 2, 3, 4);
      // [a,b] throttled; the retry sends [a,b] again, then [c,d] and [e]: nothing else twice
      assertThat(fake.batches()).containsExactly(List.of("a", "b"), List.of("a", "b"), List.of("c", "d"),
          List.of("e"));
      assertThat(r.attempts()).hasSize(2);
      assertThat(r.attempts().get(0).errorType()).isEqualTo("RateLimitedException");
    }
  }

  @Test
  void aRetryAfterAPartialFailureSendsOnlyTheMissingBatches() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel().maxInputsPerRequest(2);
    fake.delay(Duration.ZERO).failWith(FakeErrors.unavailable()); // 2nd batch: 503
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).retryPolicy(FAST)
        .embeddingConcurrency(1).build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", List.of("a", "b", "c", "d")));

      assertThat(fake.batches()).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("c", "d"));
      assertThat(r.vector(3)).isEqualTo(FakeEmbeddingModel.vectorFor("d", 8));
      assertThat(r.usage().inputTokens()).isEqualTo(4); // the failed batch is not counted
    }
  }

  @Test
  void aBatchThatFailsForGoodFailsTheCallSayingWhichInputsWereEmbedded() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel().maxInputsPerRequest(2);
    fake.delay(Duration.ZERO).failWith(FakeErrors.invalidRequest("input"));
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).retryPolicy(FAST)
        .embeddingConcurrency(1).build()) {
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("a", "b", "c", "d", "e"))))
          .isInstanceOfSatisfying(EmbeddingBatchException.class, e -> {
            assertThat(e.embedded()).extracting(Embedding::index).containsExactly(0, 1);
            assertThat(e.embedded().get(1).vector()).isEqualTo(FakeEmbeddingModel.vectorFor("b", 8));
            assertThat(e.notEmbedded()).containsExactly(2, 3, 4);
            assertThat(e.getCause()).isInstanceOf(InvalidRequestException.class);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.target()).isEqualTo("azure");
            assertThat(e.placement().operation()).isEqualTo(Operation.EMBEDDINGS);
            assertThat(e.getMessage()).startsWith("2 of 5 inputs were embedded").doesNotContain("\"a\"");
          });
      assertThat(fake.batchCount()).isEqualTo(2); // no batch after the failure
    }
  }

  @Test
  void aTargetThatKeepsFailingIsFailedOverAndTheOtherMakesEveryVector() {
    FakeEmbeddingModel primary = new FakeEmbeddingModel().maxInputsPerRequest(2);
    primary.delay(Duration.ZERO); // [a,b] embedded on the primary, then [c] fails three times
    for (int i = 0; i < 3; i++) {
      primary.failWith(FakeErrors.unavailable());
    }
    FakeEmbeddingModel secondary = new FakeEmbeddingModel().maxInputsPerRequest(2);
    try (StatelineClient client = StatelineClient.builder().target(azure(primary, "azure-a"))
        .target(azure(secondary, "azure-b")).retryPolicy(FAST).embeddingConcurrency(1).build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", List.of("a", "b", "c")));

      assertThat(r.target()).isEqualTo("azure-b");
      // the other target's vectors only: the primary's [a,b] is not mixed in
      assertThat(secondary.batches()).containsExactly(List.of("a", "b"), List.of("c"));
      assertThat(r.attempts()).extracting(a -> a.target()).containsExactly("azure-a", "azure-a", "azure-a", "azure-b");
      assertThat(r.usage().inputTokens()).isEqualTo(3);
    }
  }

  @Test
  void residencyFailsClosedForEmbeddings() {
    FakeEmbeddingModel us = new FakeEmbeddingModel();
    Target eastus = Target.embeddingBuilder("azure-us", us).provider("azure.ai.openai").region(Region.azure("eastus"))
        .hosting(Target.Hosting.STATELESS_HOST).embeds("embed", "text-embedding-3-small").build();
    try (StatelineClient client = StatelineClient.builder().target(eastus).placement(PlacementPolicy.standard())
        .build()) {
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("personal data")),
          CallOptions.builder().residency(Jurisdiction.EU).build()))
          .isInstanceOf(ResidencyViolationException.class);
      assertThat(us.batchCount()).isZero();
    }
  }

  @Test
  void theCostIsTheInputPriceFromThePriceBook() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel();
    PriceBook book = PriceBook.builder("USD").price("azure", "embed", Price.perMillionTokens("0.02", "0")).build();
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).priceBook(book).build()) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.of("embed", texts(250)));

      assertThat(r.usage().inputTokens()).isEqualTo(1000);
      assertThat(r.cost().amount()).isEqualByComparingTo(new BigDecimal("0.00002"));
    }
  }

  @Test
  void anOptionTheModelDoesNotSupportIsAClearError() {
    FakeEmbeddingModel fixed = new FakeEmbeddingModel().fixedDimensions(1024);
    try (StatelineClient client = StatelineClient.builder().target(azure(fixed, "azure")).build()) {
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.builder("embed").input("a").dimensions(256).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class,
              e -> assertThat(e.getMessage()).contains("does not support 'dimensions'"));
    }
  }

  @Test
  void theBulkheadAndTheCircuitBreakerApply() throws Exception {
    FakeEmbeddingModel fake = new FakeEmbeddingModel().delay(Duration.ofSeconds(30));
    Target one = Target.embeddingBuilder("azure", fake).provider("azure.ai.openai").hosting(Target.Hosting.STATELESS_HOST)
        .embeds("embed", "e").maxConcurrentCalls(1).build();
    try (StatelineClient client = StatelineClient.builder().target(one).build()) {
      var first = client.embedAsync(EmbeddingRequest.of("embed", List.of("slow")));
      assertThat(awaitBatches(fake, 1)).isTrue();
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
          .isInstanceOf(BulkheadFullException.class);
      first.cancel(true);
    }

    FakeEmbeddingModel failing = new FakeEmbeddingModel();
    for (int i = 0; i < 4; i++) {
      failing.failWith(FakeErrors.unavailable());
    }
    CircuitBreakerPolicy breaker = CircuitBreakerPolicy.builder().failureRateThreshold(0.5).minimumCalls(2)
        .windowSize(2).openDuration(Duration.ofHours(1)).build();
    try (StatelineClient client = StatelineClient.builder().target(azure(failing, "azure"))
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).circuitBreaker(breaker).build()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
            .isInstanceOf(ProviderUnavailableException.class);
      }
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(failing.batchCount()).isEqualTo(2);
    }
  }

  private static boolean awaitBatches(FakeEmbeddingModel fake, int n) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    for (int i = 0; i < 500 && fake.batchCount() < n; i++) {
      never.await(10, TimeUnit.MILLISECONDS);
    }
    return fake.batchCount() >= n;
  }

  @Test
  void telemetryReportsTheEmbeddingsOperation() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel();
    TelemetryRecorder recorder = new TelemetryRecorder();
    try (StatelineClient client = StatelineClient.builder().target(azure(fake, "azure")).telemetry(recorder)
        .build()) {
      client.embed(EmbeddingRequest.of("embed", List.of("a", "b", "c")));
    }
    TelemetryEvent.CallStarted started = recorder.events(TelemetryEvent.CallStarted.class).get(0);
    assertThat(started.call().operation()).isEqualTo(CallInfo.EMBEDDINGS);
    assertThat(started.messages()).isEqualTo(3);
    TelemetryEvent.CallFinished done = recorder.events(TelemetryEvent.CallFinished.class).get(0);
    assertThat(done.providerModel()).isEqualTo("text-embedding-3-small");
    assertThat(done.usage().inputTokens()).isEqualTo(3);
    assertThat(done.output()).isNull();
  }
}
