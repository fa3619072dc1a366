/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.Price;
import dev.stateline.PriceBook;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditVerification;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.cost.CostLedger;
import dev.stateline.cost.SpendCeiling;
import dev.stateline.guardrail.Guardrail;
import dev.stateline.guardrail.GuardrailVerdict;
import dev.stateline.opentelemetry.StatelineOpenTelemetry;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.telemetry.TelemetryRecorder;
import dev.stateline.workload.WorkloadMap;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code of docs/governance.md and docs/telemetry.md. Blocks that name files of a deployed
 * application ({@code /var/log/...}, {@code pricebook.properties} in the working directory) are
 * compiled only; the rest runs on fakes and the emulated clouds.
 */
class GovernanceDocsExamplesTest {
  private static final Pattern CARD = Pattern.compile("\\b\\d{4}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{4}\\b");

  private static boolean hasPii(ChatRequest request) {
    return request.messages().stream().anyMatch(m -> m.text() != null && CARD.matcher(m.text()).find());
  }

  private static ChatRequest masked(ChatRequest request) {
    java.util.List<Message> messages = new java.util.ArrayList<>();
    for (Message m : request.messages()) {
      boolean card = m.role() == dev.stateline.chat.Role.USER && m.text() != null && CARD.matcher(m.text()).find();
      messages.add(card ? Message.user(CARD.matcher(m.text()).replaceAll("[card]")) : m);
    }
    return request.toBuilder().messages(messages).build();
  }

  static Guardrail piiRedaction() {
    Guardrail piiRedaction = new Guardrail() {
      public String name() { return "pii"; }
      public GuardrailVerdict<ChatRequest> beforeRequest(ModelCall call, ChatRequest request) {
        return hasPii(request) ? GuardrailVerdict.redact(masked(request)) : GuardrailVerdict.pass();
      }
      public GuardrailVerdict<ChatResponse> afterResponse(ModelCall call, ChatResponse response) {
        return response.finishReason() == FinishReason.CONTENT_FILTER
            ? GuardrailVerdict.block("the provider filtered the answer") : GuardrailVerdict.pass();
      }
    };
    return piiRedaction;
  }

  /** governance.md, the whole set-up: files of a deployed application, so compiled, not run. */
  static StatelineClient governedClient(Target azure, Target bedrock, Guardrail piiRedaction) throws IOException {
    PriceBook book = PriceBook.load(Path.of("pricebook.properties"));
    CostLedger ledger = CostLedger.create(book.currency());
    AuditTrail audit = AuditTrail.toFile(Path.of("/var/log/app/stateline-audit.jsonl"));
    WorkloadMap map = new WorkloadMap();

    StatelineClient client = StatelineClient.builder()
        .target(azure)
        .target(bedrock)
        .priceBook(book)                                   // a cost on every answer
        .telemetry(ledger)                                 // spend by target, tenant, tag
        .telemetry(audit)                                  // hash-chained record of every call
        .telemetry(map)                                    // calls by kind x target x region
        .placement(PlacementPolicy.standard()
            .residency(Jurisdiction.EU)
            .budget(SpendCeiling.builder(ledger).tenant("acme", new BigDecimal("500")).build()))
        .guardrail(piiRedaction)                           // before the request, after the response
        .build();
    return client;
  }

  /** governance.md, verifying a trail: a file of a deployed application, so compiled, not run. */
  static void verifyTheTrail() throws IOException {
    AuditVerification v = AuditVerifier.verify(Path.of("stateline-audit.jsonl"));
    v.intact();     // false
    v.line();       // 42: the first broken or missing record
    v.problem();    // "record 42 was altered: its hash does not match its content"
    v.head();       // hash of the last intact record
  }

  /** telemetry.md, every sink at once: writes audit.jsonl in the working directory, so compiled, not run. */
  static StatelineClient observedClient(Target azure, Target bedrock, CostLedger ledger) throws IOException {
    StatelineClient client = StatelineClient.builder()
        .target(azure)
        .target(bedrock)
        .telemetry(Telemetry.slf4j())                                        // structured log lines
        .telemetry(StatelineOpenTelemetry.builder(GlobalOpenTelemetry.get()).build())   // spans + metrics
        .telemetry(ledger)                                                   // a CostLedger (governance.md)
        .telemetry(AuditTrail.toFile(Path.of("audit.jsonl")))                // an audit trail (governance.md)
        .build();
    return client;
  }

  @Test
  void spendIsCounted_byTenantTagAndTarget_andTheWorkloadMapRenders() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start()) {
      CostLedger ledger = CostLedger.create("USD");
      CostLedger check = CostLedger.create("USD");   // a second ledger, for the assertions after the reset
      WorkloadMap map = new WorkloadMap();
      Target azure = clouds.azureTarget("azure-swc", "swedencentral").toBuilder()
          .price(Price.perMillionTokens("2.00", "8.00")).build();
      Target bedrock = clouds.bedrockTarget("aws-fra", "eu-central-1").toBuilder()
          .price(Price.perMillionTokens("0.15", "0.60")).build();
      try (StatelineClient client = StatelineClient.builder().target(azure).target(bedrock)
          .placement(PlacementPolicy.standard())
          .telemetry(ledger).telemetry(check).telemetry(map).guardrail(piiRedaction()).build()) {
        ChatRequest request = ChatRequest.of("gpt-4.1", "Review clause 7 of contract 4711.");
        client.session("s").send("And a stateful turn on AWS.");

        client.chat(request, CallOptions.builder().tenant("acme").tag("contract-review").build());
        ledger.tenant("acme");                  // Spend[amount, currency, calls, unpricedCalls, tokens...]
        ledger.byTag();                         // sorted map tag -> Spend
        ledger.tenantOnTarget("acme", "aws-fra");
        ledger.reset();                         // start a new period

        System.out.println(map.render());

        assertThat(ledger.total().calls()).isZero();
        assertThat(check.tenant("acme").calls()).isEqualTo(1);
        assertThat(check.tenant("acme").amount()).isPositive();
        assertThat(check.byTag()).containsKey("contract-review");
        assertThat(check.tenantOnTarget("acme", "aws-fra").calls()).isZero();
        assertThat(map.render()).contains("azure-swc").contains("aws-fra");

        // the guardrail masked a card number before it left the process
        client.chat(ChatRequest.of("gpt-4.1", "My card is 4111 1111 1111 1111"));
        assertThat(clouds.azure("swedencentral").lastRequest().toString()).doesNotContain("4111 1111");
      }
    }
  }

  @Test
  void aSpendCeiling_isABudgetRule() {
    CostLedger ledger = CostLedger.create("USD");
    SpendCeiling ceiling = SpendCeiling.builder(ledger)
        .total(new BigDecimal("5000"))                                   // the whole client
        .tenant("acme", new BigDecimal("500"))                           // acme, all targets
        .tenantOnTarget("acme", "openai-direct", new BigDecimal("50"))   // acme on one target
        .tag("batch", new BigDecimal("100"))
        .tagOnTarget("batch", "az-swc", BigDecimal.ZERO)                 // batch work never on az-swc
        .build();
    PlacementPolicy policy = PlacementPolicy.standard().budget(ceiling);

    FakeChatModel fake = new FakeChatModel();
    try (StatelineClient client = StatelineClient.builder()
        .target(fake.asTarget("az-swc").toBuilder().hosting(Target.Hosting.STATELESS_HOST).build()).placement(policy).build()) {
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hi")).target()).isEqualTo("az-swc");
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
          client.chat(ChatRequest.of("gpt-4.1", "Hi"), CallOptions.builder().tag("batch").build()))
          .hasMessageContaining("az-swc");
    }
  }

  @Test
  void aRecorderInTests() {
    FakeChatModel fake = new FakeChatModel().replyWith("Hi");
    TelemetryRecorder recorder = new TelemetryRecorder();
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("a")).telemetry(recorder).build();
    client.chat(ChatRequest.of("gpt-4.1", "Hi"));
    assertThat(recorder.names()).containsExactly("call.started", "placement.decided", "attempt.started", "call.finished");
    assertThat(recorder.last(TelemetryEvent.CallFinished.class).usage().outputTokens()).isEqualTo(1);
    client.close();
  }

  @Test
  void openTelemetryIsOneMoreSink() {
    OpenTelemetry openTelemetry = OpenTelemetry.noop();
    FakeChatModel fake = new FakeChatModel();
    StatelineOpenTelemetry otel = StatelineOpenTelemetry.builder(openTelemetry).build();
    StatelineClient client = StatelineClient.builder()
        .target(fake.asTarget("a"))
        .telemetry(otel)                              // spans, metrics, events
        .addTargetInterceptor(otel.interceptor())     // the call's span is current during each attempt
        .build();
    try (client) {
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hi")).text()).isEqualTo("Hi");
    }
  }
}
