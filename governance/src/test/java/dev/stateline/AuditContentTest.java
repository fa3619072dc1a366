/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.audit.AuditTrail;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.telemetry.Slf4jTelemetry;
import dev.stateline.telemetry.TelemetryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary prompt, answer and API key never appear in a log line, an event's toString or an audit
 * record by default (the audit half of core's {@code TelemetryContentTest}, which moved here with
 * the audit trail).
 */
class AuditContentTest {
  @TempDir
  Path dir;

  private final ScriptedModel a = new ScriptedModel();

  @Test
  void aCanaryNeverAppears_inLogsEventStringsOrAuditRecords_byDefault() throws Exception {
    List<String> logs = new CopyOnWriteArrayList<>();
    List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
    Path auditFile = dir.resolve("audit.jsonl");
    a.reply(TelemetryContentTest.ANSWER)
        .chunksThenFail(new ProtocolException("cut", ErrorInfo.of("fake"), false, null, null), TelemetryContentTest.ANSWER)
        .fail(Fixtures.unauthorized());
    try (AuditTrail audit = AuditTrail.toFile(auditFile)) {
      StatelineClient client = client(target("a", a))
          .telemetry(Slf4jTelemetry.builder().logger(TelemetryContentTest.capturing(logs)).build())
          .telemetry(events::add)
          .telemetry(audit)
          .build();
      client.chat(TelemetryContentTest.canaryRequest());
      try (ChatStream stream = client.stream(TelemetryContentTest.canaryRequest())) {
        try {
          stream.forEach(e -> { });
        } catch (ProtocolException expected) {
          // the stream broke mid-answer
        }
      }
      try {
        client.chat(TelemetryContentTest.canaryRequest());
      } catch (RuntimeException expected) {
        // refused credential
      }
    }

    String everything = String.join("\n", logs) + "\n" + events + "\n" + Files.readString(auditFile);
    assertThat(events).hasSizeGreaterThan(10);
    assertThat(everything).doesNotContain(TelemetryContentTest.PROMPT, TelemetryContentTest.ANSWER, TelemetryContentTest.API_KEY);
  }
}
