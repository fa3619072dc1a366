/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static dev.stateline.Fixtures.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.audit.AuditRecord;
import dev.stateline.audit.AuditSink;
import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditTrailBrokenException;
import dev.stateline.audit.AuditVerification;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.audit.ContentHash;
import dev.stateline.audit.FsyncPolicy;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Usage;
import dev.stateline.error.AuthenticationException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.spi.EventSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stories of the audit trail: what a record says, the hash chain, tampering found, model changes. */
class AuditTrailTest {
  @TempDir
  Path dir;

  private final ScriptedModel a = new ScriptedModel();

  private Path file() {
    return dir.resolve("audit.jsonl");
  }

  /** Writes {@code calls} call records through a real client. */
  private List<String> writeCalls(int calls) throws IOException {
    try (AuditTrail audit = AuditTrail.toFile(file())) {
      StatelineClient client = client(target("a", a)).telemetry(audit).build();
      for (int i = 0; i < calls; i++) {
        client.chat(ChatRequest.of("gpt-4.1", "question " + i));
      }
    }
    return Files.readAllLines(file(), StandardCharsets.US_ASCII);
  }

  private void writeLines(List<String> lines) throws IOException {
    Files.writeString(file(), String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
  }

  private static Step answerAs(String model) {
    return call -> EventSource.of(new ChatEvent.Completed(ChatResponse.builder().id("r").model(model)
        .message(Message.assistant("fine")).usage(new Usage(3, 0, 1, 0)).build()));
  }

  private interface Step extends ScriptedModel.Step {}

  @Test
  void aCallRecord_saysWhereTheCallWentAndWhy_withHashesInsteadOfContent() throws IOException {
    Target az = Target.builder("az-swc", a).provider("azure.ai.openai").hosting(Target.Hosting.STATELESS_HOST)
        .region(Region.azure("swedencentral")).model("gpt-4.1", "gpt41-prod").price(Price.perMillionTokens("2", "8"))
        .build();
    Target us = Target.builder("az-us", new ScriptedModel()).provider("azure.ai.openai")
        .hosting(Target.Hosting.STATELESS_HOST).region(Region.azure("eastus")).model("gpt-4.1", "gpt41").build();
    ChatRequest request = ChatRequest.of("gpt-4.1", "What does clause 7 say?");
    ChatResponse answer;
    try (AuditTrail audit = AuditTrail.toFile(file())) {
      StatelineClient client = client(az, us).placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
          .telemetry(audit).build();
      answer = client.chat(request, CallOptions.builder().tenant("acme").tag("legal").build());
    }

    String line = Files.readAllLines(file()).get(0);
    assertThat(line).startsWith("{\"seq\":1,\"prev\":\"" + AuditRecord.GENESIS + "\",\"type\":\"call\",");
    assertThat(line).contains("\"kind\":\"stateless\"", "\"alias\":\"gpt-4.1\"", "\"tenant\":\"acme\"",
        "\"tags\":[\"legal\"]", "\"target\":\"az-swc\"", "\"provider\":\"azure.ai.openai\"",
        "\"region\":\"azure/swedencentral\"", "\"jurisdiction\":\"EU\"", "\"outcome\":\"ok\"",
        "\"usage\":{\"input\":3,\"cachedInput\":0,\"output\":2}", "\"currency\":\"USD\"",
        "\"responseModel\":\"gpt41-prod\"");
    assertThat(line).contains("{\"target\":\"az-us\",\"eligible\":false,\"rule\":\"residency\"");
    assertThat(line).contains("\"promptSha256\":\"" + ContentHash.of(request.messages()) + "\"");
    assertThat(line).contains("\"completionSha256\":\"" + ContentHash.of(answer.message()) + "\"");
    assertThat(line).doesNotContain("clause 7");
    assertThat(AuditVerifier.verify(file()).intact()).isTrue();
  }

  @Test
  void aFailedCall_isRecordedWithItsErrorType() throws IOException {
    a.fail(unauthorized());
    try (AuditTrail audit = AuditTrail.toFile(file())) {
      StatelineClient client = client(target("a", a)).telemetry(audit).build();
      assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "hi"))).isInstanceOf(AuthenticationException.class);
    }

    String line = Files.readAllLines(file()).get(0);
    assertThat(line).contains("\"outcome\":\"error\"", "\"errorType\":\"AuthenticationException\"", "\"status\":401",
        "\"completionSha256\":null");
  }

  @Test
  void anIntactTrail_verifies_andAReopenedTrailContinuesTheChain() throws IOException {
    writeCalls(3);
    AuditVerification first = AuditVerifier.verify(file());

    try (AuditTrail audit = AuditTrail.toFile(file(), FsyncPolicy.ON_CLOSE)) {
      assertThat(audit.lastSeq()).isEqualTo(3);
      assertThat(audit.head()).isEqualTo(first.head());
      client(target("a", a)).telemetry(audit).build().chat(ChatRequest.of("gpt-4.1", "again"));
    }

    AuditVerification v = AuditVerifier.verify(file());
    assertThat(first.intact()).isTrue();
    assertThat(first.records()).isEqualTo(3);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(4);
    assertThat(Files.readAllLines(file()).get(3)).startsWith("{\"seq\":4,\"prev\":\"" + first.head() + "\"");
  }

  @Test
  void anEditedRecord_isFoundAtItsLine() throws IOException {
    List<String> lines = new ArrayList<>(writeCalls(5));
    lines.set(2, lines.get(2).replace("\"input\":3", "\"input\":1"));
    writeLines(lines);

    AuditVerification v = AuditVerifier.verify(file());

    assertThat(v.intact()).isFalse();
    assertThat(v.line()).isEqualTo(3);
    assertThat(v.records()).isEqualTo(2);
    assertThat(v.problem()).contains("record 3 was altered");
  }

  @Test
  void anEditedRecordWhoseOwnHashWasRecomputed_breaksTheLinkToTheNext() throws IOException {
    List<String> lines = new ArrayList<>(writeCalls(5));
    String edited = lines.get(2).replace("\"input\":3", "\"input\":1");
    String body = edited.substring(0, edited.length() - 75) + "}";
    String forged = edited.substring(0, edited.length() - 75) + ",\"hash\":\"" + sha256(body) + "\"}";
    lines.set(2, forged);
    writeLines(lines);

    AuditVerification v = AuditVerifier.verify(file());

    assertThat(v.line()).isEqualTo(4);
    assertThat(v.problem()).contains("record 4 does not follow the record before it");
  }

  @Test
  void aDeletedRecord_isFoundWhereItIsMissing() throws IOException {
    List<String> lines = new ArrayList<>(writeCalls(5));
    lines.remove(2);
    writeLines(lines);

    AuditVerification v = AuditVerifier.verify(file());

    assertThat(v.line()).isEqualTo(3);
    assertThat(v.problem()).contains("expected record 3, found seq 4");
  }

  @Test
  void reorderedRecords_areFoundAtTheFirstOutOfPlace() throws IOException {
    List<String> lines = new ArrayList<>(writeCalls(5));
    String second = lines.get(1);
    lines.set(1, lines.get(2));
    lines.set(2, second);
    writeLines(lines);

    AuditVerification v = AuditVerifier.verify(file());

    assertThat(v.line()).isEqualTo(2);
    assertThat(v.intact()).isFalse();
  }

  @Test
  void aTruncatedLastLine_isFound_andTheTrailRefusesToExtendIt() throws IOException {
    writeCalls(4);
    byte[] bytes = Files.readAllBytes(file());
    Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length - 20));

    AuditVerification v = AuditVerifier.verify(file());

    assertThat(v.line()).isEqualTo(4);
    assertThat(v.records()).isEqualTo(3);
    assertThat(v.problem()).contains("truncated");
    assertThatThrownBy(() -> AuditTrail.toFile(file())).isInstanceOf(AuditTrailBrokenException.class)
        .hasMessageContaining("line 4");
  }

  @Test
  void aSilentModelUpdate_isRecordedOncePerChange() throws IOException {
    a.then(answerAs("gpt-4.1-2025-04-14")).then(answerAs("gpt-4.1-2025-04-14"))
        .then(answerAs("gpt-4.1-2026-01-20")).then(answerAs("gpt-4.1-2026-01-20"))
        .then(answerAs("gpt-4.1-2026-01-20")).then(answerAs("gpt-4.1-2026-03-01"));
    try (AuditTrail audit = AuditTrail.toFile(file())) {
      StatelineClient client = client(target("a", a)).telemetry(audit).build();
      for (int i = 0; i < 6; i++) {
        client.chat(ChatRequest.of("gpt-4.1", "q" + i));
      }
    }

    List<String> changes = Files.readAllLines(file()).stream().filter(l -> l.contains("\"type\":\"model-changed\""))
        .toList();
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0)).contains("\"target\":\"a\"", "\"alias\":\"gpt-4.1\"",
        "\"previousModel\":\"gpt-4.1-2025-04-14\"", "\"newModel\":\"gpt-4.1-2026-01-20\"");
    assertThat(changes.get(1)).contains("\"previousModel\":\"gpt-4.1-2026-01-20\"", "\"newModel\":\"gpt-4.1-2026-03-01\"");
    assertThat(AuditVerifier.verify(file()).records()).isEqualTo(8);
  }

  @Test
  void aSinkThatFails_failsTheTrailClosed_butNeverTheCall() {
    List<AuditRecord> stored = new ArrayList<>();
    AuditSink flaky = new AuditSink() {
      @Override
      public Head head() {
        return Head.EMPTY;
      }

      @Override
      public void append(AuditRecord record) {
        if (record.seq() == 2) {
          throw new UncheckedIOException(new IOException("disk full"));
        }
        stored.add(record);
      }
    };
    AuditTrail audit = AuditTrail.to(flaky);
    StatelineClient client = client(target("a", a)).telemetry(audit).build();

    for (int i = 0; i < 3; i++) {
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "q")).text()).isEqualTo("q");
    }

    assertThat(stored).extracting(AuditRecord::seq).containsExactly(1L);
    assertThat(audit.lastSeq()).isEqualTo(1);
  }

  @Test
  void unicodeAndQuotes_areEscapedToPureAscii_andStillVerify() throws IOException {
    try (AuditTrail audit = AuditTrail.toFile(file())) {
      client(target("a", a)).telemetry(audit).build()
          .chat(ChatRequest.of("gpt-4.1", "x"), CallOptions.builder().tenant("Zoë \"q\" \\ 東京\n").build());
    }

    byte[] bytes = Files.readAllBytes(file());
    for (byte b : bytes) {
      assertThat(b == '\n' || b >= 0x20 && b <= 0x7e).isTrue();
    }
    assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("\"tenant\":\"Zo\\u00eb \\\"q\\\" \\\\ \\u6771\\u4eac\\n\"");
    assertThat(AuditVerifier.verify(file()).intact()).isTrue();
  }

  private static String sha256(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

}
