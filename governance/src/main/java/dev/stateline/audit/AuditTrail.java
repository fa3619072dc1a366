/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import dev.stateline.Target;
import dev.stateline.chat.Cost;
import dev.stateline.chat.Usage;
import dev.stateline.error.ErrorInfo;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.placement.Placement;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An append-only, hash-chained record of where every call went and why. Register it as telemetry:
 *
 * <pre>{@code
 * AuditTrail audit = AuditTrail.toFile(Path.of("/var/log/app/stateline-audit.jsonl"));
 * StatelineClient client = StatelineClient.builder().target(...).telemetry(audit).build();
 * ...
 * AuditVerification v = AuditVerifier.verify(Path.of("/var/log/app/stateline-audit.jsonl"));
 * }</pre>
 *
 * <p>It writes one {@code call} record per call when it finishes or fails: the call id, time, kind,
 * alias, session, tenant and tags, the target, provider, region and jurisdiction, every placement
 * decision (target, eligible, rule, reason), the failovers, the outcome ({@code ok} or the error
 * type and status), usage, cost, the response model, and SHA-256 hashes of the prompt and the
 * completion ({@link ContentHash}), never their text. It also watches each target's reported
 * response model per alias and writes a {@code model-changed} record, once, whenever it differs from
 * the last one seen in this process (a silent model update), or, with a shared {@link ModelMemory},
 * the last one any instance saw. Each record carries the hash of the
 * one before ({@link AuditRecord}); {@link AuditVerifier} finds the first broken or missing one.
 *
 * <p>To hash prompts and completions the trail {@linkplain #captureContent() receives content}; it
 * keeps only the hashes.
 *
 * <p>Writes are serialised under one lock, on the thread that ends the call. A sink failure fails
 * the trail closed: the record is not written, later records are refused (the client logs the
 * listener error; calls go on), so the chain on disk is never extended past a gap. Thread-safe.
 */
public final class AuditTrail implements Telemetry, AutoCloseable {
  private final AuditSink sink;
  private final Object lock = new Object();
  private final ModelMemory models;
  private long seq;
  private String head;
  private volatile Throwable failure;
  private boolean closed;

  private AuditTrail(AuditSink sink, ModelMemory models) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.models = Objects.requireNonNull(models, "models");
    AuditSink.Head h = Objects.requireNonNull(sink.head(), "sink.head()");
    this.seq = h.seq();
    this.head = h.hash();
  }

  /**
   * A trail in the JSON-lines file {@code file}, forced to disk after every record
   * ({@link FsyncPolicy#EVERY_RECORD}). An existing file is verified and continued. The trail is the
   * file's only writer until closed: it holds an exclusive OS lock on {@code NAME.lock} beside the
   * file, and a second trail on the file, in any process, is refused.
   *
   * @throws IOException if the file cannot be opened or read
   * @throws AuditTrailLockedException if another trail, in this process or another, has the file open
   * @throws AuditTrailBrokenException if the existing file's chain is broken
   */
  public static AuditTrail toFile(Path file) throws IOException {
    return toFile(file, FsyncPolicy.EVERY_RECORD);
  }

  /**
   * A trail in the JSON-lines file {@code file} with the given fsync policy.
   *
   * @throws IOException if the file cannot be opened or read
   * @throws AuditTrailLockedException if another trail, in this process or another, has the file open
   * @throws AuditTrailBrokenException if the existing file's chain is broken
   */
  public static AuditTrail toFile(Path file, FsyncPolicy fsync) throws IOException {
    return new AuditTrail(new FileAuditSink(Objects.requireNonNull(file, "file"), Objects.requireNonNull(fsync)),
        ModelMemory.inMemory());
  }

  /** A trail kept by {@code sink}, continuing the chain it holds; the model watch is this process's. */
  public static AuditTrail to(AuditSink sink) {
    return new AuditTrail(sink, ModelMemory.inMemory());
  }

  /**
   * A trail kept by {@code sink} whose model-version watch remembers models in {@code models}: with
   * a shared memory, a silent model change is written once across restarts and instances.
   */
  public static AuditTrail to(AuditSink sink, ModelMemory models) {
    return new AuditTrail(sink, models);
  }

  /** True: the trail hashes prompts and completions (and keeps only the hashes). */
  @Override
  public boolean captureContent() {
    return true;
  }

  /**
   * Writes a {@code call} record for every {@link TelemetryEvent.CallFinished} and
   * {@link TelemetryEvent.CallFailed} (with the target's processing scope and the region the
   * provider reported), a {@code model-changed} record when a target's response model changes, and a
   * {@code residency-breach} record for every {@link TelemetryEvent.ResidencyBreach}.
   *
   * @throws IllegalStateException if the trail is closed or failed earlier
   */
  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallFinished f) {
      append("call", processing(callRecord(f.call(), f.time(), f.target(), f.placement(), f.attempts(), null,
          ErrorInfo.NONE, f.usage(), f.cost(), f.responseModel(),
          f.input() == null ? null : ContentHash.of(f.input()),
          f.output() == null ? null : ContentHash.of(f.output())), f.target(), f.call(), f.processingRegion()));
      watchModel(f);
    } else if (event instanceof TelemetryEvent.CallFailed f) {
      append("call", processing(callRecord(f.call(), f.time(), f.target(), f.placement(), f.attempts(), f.errorType(),
          f.error(), Usage.ZERO, null, null, f.input() == null ? null : ContentHash.of(f.input()), null),
          f.target(), f.call(), f.error().processingRegion()));
    } else if (event instanceof TelemetryEvent.ResidencyBreach b) {
      Json j = Json.object();
      j.field("type", "residency-breach");
      j.field("time", b.time().toString());
      j.field("callId", b.call().callId());
      j.field("target", b.target().name());
      j.field("alias", b.call().alias());
      j.field("declaredScope", b.target().processingScope(b.call().alias()).describe());
      j.field("processingRegion", b.processingRegion());
      j.field("region", b.region().toString());
      j.field("jurisdiction", b.jurisdiction().name());
      j.field("refused", b.strict());
      append("residency-breach", j);
    }
  }

  /**
   * Adds where the call may be processed (the target's declared scope) and where the provider said
   * it was ({@code processingRegion}, null if it did not say).
   */
  private static Json processing(Json j, Target target, CallInfo c, String processingRegion) {
    j.field("processingScope", target == null ? null : target.processingScope(c.alias()).describe());
    j.field("processingRegion", processingRegion);
    return j;
  }

  private void watchModel(TelemetryEvent.CallFinished f) {
    String model = f.responseModel();
    if (model == null || f.target() == null) {
      return;
    }
    String old = models.exchange(f.target().name(), f.call().alias(), model);
    if (old != null && !old.equals(model)) {
      Json j = Json.object();
      j.field("type", "model-changed");
      j.field("time", f.time().toString());
      j.field("callId", f.call().callId());
      j.field("target", f.target().name());
      j.field("alias", f.call().alias());
      j.field("previousModel", old);
      j.field("newModel", model);
      append("model-changed", j);
    }
  }

  private static Json callRecord(CallInfo c, Instant time, Target target, Placement placement, List<Attempt> attempts,
      String errorType, ErrorInfo error, Usage usage, Cost cost, String responseModel, String promptHash,
      String completionHash) {
    Json j = Json.object();
    j.field("type", "call");
    j.field("time", time.toString());
    j.field("callId", c.callId());
    j.field("kind", c.kind().name().toLowerCase(Locale.ROOT));
    j.field("operation", c.operation());
    j.field("streaming", c.streaming());
    j.field("alias", c.alias());
    j.field("session", c.sessionId());
    j.field("tenant", c.tenant());
    StringBuilder tags = new StringBuilder("[");
    for (String t : c.tags()) {
      tags.append(tags.length() > 1 ? "," : "").append(Json.quote(t));
    }
    j.raw("tags", tags.append(']').toString());
    j.field("target", target == null ? null : target.name());
    j.field("provider", target == null ? null : target.provider());
    j.field("region", target == null || target.region() == null ? null : target.region().toString());
    j.field("jurisdiction", placement == null || placement.residency() == null ? null : placement.residency().name());
    j.raw("decisions", decisions(placement));
    StringBuilder fo = new StringBuilder("[");
    for (Failover f : Failover.of(attempts)) {
      Json fj = new Json(fo.append(fo.length() > 1 ? ",{" : "{"));
      fj.field("from", f.from()).field("to", f.to()).field("error", f.errorType());
      fo.append('}');
    }
    j.raw("failovers", fo.append(']').toString());
    j.field("attempts", attempts.size());
    j.field("outcome", errorType == null ? "ok" : "error");
    j.field("errorType", errorType);
    if (error.statusCode() != 0) {
      j.field("status", error.statusCode());
    } else {
      j.raw("status", "null");
    }
    j.raw("usage", "{\"input\":" + usage.inputTokens() + ",\"cachedInput\":" + usage.cachedInputTokens()
        + ",\"output\":" + usage.outputTokens() + "}");
    j.raw("cost", cost == null ? "null"
        : "{\"amount\":" + Json.quote(cost.amount().toPlainString()) + ",\"currency\":" + Json.quote(cost.currency()) + "}");
    j.field("responseModel", responseModel);
    j.field("promptSha256", promptHash);
    j.field("completionSha256", completionHash);
    return j;
  }

  private static String decisions(Placement p) {
    if (p == null) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[");
    for (Placement.Decision d : p.decisions()) {
      Json dj = new Json(sb.append(sb.length() > 1 ? ",{" : "{"));
      dj.field("target", d.target()).field("eligible", d.eligible()).field("rule", d.rule()).field("reason", d.reason());
      sb.append('}');
    }
    return sb.append(']').toString();
  }

  /** Chains and writes one record; {@code fields} holds its members after {@code seq} and {@code prev}. */
  private void append(String type, Json fields) {
    String members = fields.close();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the audit trail is closed");
      }
      if (failure != null) {
        throw new IllegalStateException("the audit trail failed earlier and accepts no more records", failure);
      }
      long next = seq + 1;
      String body = "{\"seq\":" + next + ",\"prev\":\"" + head + "\"," + members.substring(1);
      String hash = Json.sha256Hex(body);
      String line = body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
      if (line.length() > AuditVerifier.MAX_RECORD_BYTES) {
        // never write what the verifier refuses; the chain is untouched, later records go on
        throw new IllegalStateException("audit record " + next + " (" + type + ") is " + line.length()
            + " bytes, longer than the " + AuditVerifier.MAX_RECORD_BYTES + " a record may have; not written");
      }
      AuditRecord record = new AuditRecord(next, head, hash, type, line);
      try {
        sink.append(record);
      } catch (RuntimeException | Error e) {
        failure = e;
        throw e;
      }
      seq = next;
      head = hash;
    }
  }

  /** The hash of the last record written ({@link AuditRecord#GENESIS} if none): keep it elsewhere to anchor the chain. */
  public String head() {
    synchronized (lock) {
      return head;
    }
  }

  /** The seq of the last record written, 0 if none. */
  public long lastSeq() {
    synchronized (lock) {
      return seq;
    }
  }

  /** Closes the sink (forcing a file to disk). Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      sink.close();
    }
  }

  @Override
  public String toString() {
    return "AuditTrail[" + sink + ", seq=" + lastSeq() + "]";
  }
}
