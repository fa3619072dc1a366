/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an audit trail's hash chain and reports the first record that is broken or missing:
 * an edited record (its hash no longer matches its content), a deleted or reordered one (its
 * {@code seq} is not the next, or its {@code prev} is not the hash of the record before), a torn or
 * truncated last line (no line break at the end), or a line that is not a canonical record.
 *
 * <p>What a chain cannot show on its own: someone who rewrites the file from some record on and
 * recomputes every hash after it, or cuts off whole records at the end. Keep the latest
 * {@link AuditVerification#head()} (or {@link AuditTrail#head()}) somewhere the writer of the file
 * cannot change (another system, a signed log, a ticket) and compare.
 *
 * <p>Memory is bounded: a line longer than {@link #MAX_RECORD_BYTES} is reported as not a record as
 * soon as that many bytes are read, without reading the rest of it (a file of one line of hundreds
 * of megabytes with no line break costs a megabyte).
 *
 * <p>Stateless and thread-safe; reads the file once, streaming.
 */
public final class AuditVerifier {
  /**
   * The longest record, in bytes without its line break, that a trail writes and the verifier
   * accepts: 1 MiB. A record is a few hundred bytes plus one placement decision per target.
   */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  private static final String HASH_MEMBER = ",\"hash\":\"";
  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  private static final int SUFFIX = HASH_MEMBER.length() + 64 + 2;

  private AuditVerifier() {}

  /**
   * Verifies the JSON-lines file {@code file}.
   *
   * @throws IOException if it cannot be read
   */
  public static AuditVerification verify(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return verify(in);
    }
  }

  /**
   * Verifies JSON-lines records read from {@code in} (not closed).
   *
   * @throws IOException if reading fails
   */
  public static AuditVerification verify(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    long lineNo = 0;
    long records = 0;
    String head = AuditRecord.GENESIS;
    boolean badByte = false;
    int b;
    while (true) {
      b = buffered.read();
      if (b == -1) {
        if (line.size() > 0) {
          return AuditVerification.broken(records, head, lineNo + 1,
              "the last line has no line break: the file was truncated or a write was torn");
        }
        return AuditVerification.ok(records, head);
      }
      if (b != '\n') {
        if (line.size() == MAX_RECORD_BYTES) {
          return AuditVerification.broken(records, head, lineNo + 1, "not a record: the line is longer than "
              + MAX_RECORD_BYTES + " bytes (the longest record a trail writes)");
        }
        badByte |= b < 0x20 || b > 0x7e;
        line.write(b);
        continue;
      }
      lineNo++;
      String text = line.toString(StandardCharsets.ISO_8859_1);
      line.reset();
      if (badByte) {
        return AuditVerification.broken(records, head, lineNo, "not a canonical record (a byte outside printable ASCII)");
      }
      String problem = check(text, records + 1, head);
      if (problem != null) {
        return AuditVerification.broken(records, head, lineNo, problem);
      }
      records++;
      head = text.substring(text.length() - SUFFIX + HASH_MEMBER.length(), text.length() - 2);
    }
  }

  /** Null if {@code text} is the intact record {@code expectedSeq} following {@code prevHash}. */
  static String check(String text, long expectedSeq, String prevHash) {
    if (text.isEmpty()) {
      return "an empty line where record " + expectedSeq + " should be";
    }
    if (!text.startsWith("{\"seq\":")) {
      return "not a record: it does not start with {\"seq\":";
    }
    int i = "{\"seq\":".length();
    int digits = i;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i == digits || i - digits > 18) {
      return "not a record: malformed seq";
    }
    long seq = Long.parseLong(text.substring(digits, i));
    String prevMember = ",\"prev\":\"";
    if (!text.startsWith(prevMember, i) || text.length() < i + prevMember.length() + 64 + 2) {
      return "not a record: no prev member after seq";
    }
    String prev = text.substring(i + prevMember.length(), i + prevMember.length() + 64);
    if (!isHex(prev) || text.charAt(i + prevMember.length() + 64) != '"') {
      return "not a record: malformed prev hash";
    }
    if (text.length() < SUFFIX + i || !text.endsWith("\"}")
        || !text.startsWith(HASH_MEMBER, text.length() - SUFFIX)) {
      return "not a record: it does not end with its hash (truncated or altered)";
    }
    String hash = text.substring(text.length() - SUFFIX + HASH_MEMBER.length(), text.length() - 2);
    if (!isHex(hash)) {
      return "not a record: malformed hash";
    }
    if (seq != expectedSeq) {
      return "expected record " + expectedSeq + ", found seq " + seq + ": "
          + (seq > expectedSeq ? "a record is missing (deleted) or was moved" : "records are out of order");
    }
    if (!prev.equals(prevHash)) {
      return "record " + seq + " does not follow the record before it (prev hash differs): a record was"
          + " removed, reordered or rewritten before it";
    }
    String body = text.substring(0, text.length() - SUFFIX) + "}";
    if (!Json.sha256Hex(body).equals(hash)) {
      return "record " + seq + " was altered: its hash does not match its content";
    }
    return null;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
