/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one DynamoDB table that a fleet's governance state lives in: spend counters
 * ({@link DynamoDbSpendLedger}, {@link DynamoDbSpendCeiling}), audit chains and their anchored heads
 * ({@link DynamoDbAuditSink}, {@link DynamoDbAuditVerifier}) and the last response model per target
 * and alias ({@link DynamoDbModelMemory}). Every instance of the application points at the same
 * table.
 *
 * <p><b>Layout.</b> A string partition key {@value #PARTITION_KEY} and a string sort key
 * {@value #SORT_KEY}; items of different kinds never share a partition key, because every key starts
 * with its kind ({@code spend#}, {@code audit#}, {@code model#}). Enable TTL on the number attribute
 * {@value #TTL_ATTRIBUTE} (epoch seconds) to let DynamoDB delete spend counters of past periods;
 * audit and model items never carry it. See {@code docs/operations.md} for the table definition and IAM actions.
 *
 * <p>The client is the caller's: Stateline never closes it. Immutable and thread-safe.
 */
public final class GovernanceTable {
  /** The partition key attribute (string). */
  public static final String PARTITION_KEY = "pk";
  /** The sort key attribute (string). */
  public static final String SORT_KEY = "sk";
  /** The TTL attribute of spend counters (number, epoch seconds). */
  public static final String TTL_ATTRIBUTE = "expiresAt";

  /** Names in keys longer than this (in UTF-8 bytes) are replaced by their SHA-256. */
  private static final int MAX_NAME_BYTES = 256;

  private final DynamoDbClient client;
  private final String tableName;
  private final InstantSource clock;

  private GovernanceTable(Builder b) {
    this.client = b.client;
    this.tableName = b.tableName;
    this.clock = b.clock;
  }

  /**
   * A builder for the table {@code tableName}, reached through {@code client}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is not a valid DynamoDB table name
   */
  public static Builder builder(DynamoDbClient client, String tableName) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(tableName, "tableName");
    if (!tableName.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException("a DynamoDB table name is 3 to 255 of A-Z a-z 0-9 _ . - (got '" + tableName + "')");
    }
    return new Builder(client, tableName);
  }

  DynamoDbClient client() {
    return client;
  }

  String tableName() {
    return tableName;
  }

  InstantSource clock() {
    return clock;
  }

  /**
   * A name as it appears inside a key: {@code %} and {@code #} percent-encoded, so that names joined
   * by {@code #} never collide; a name longer than 256 bytes becomes {@code sha256:HEX}.
   */
  static String keyPart(String name) {
    String escaped = name.replace("%", "%25").replace("#", "%23");
    byte[] utf8 = escaped.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_NAME_BYTES) {
      return escaped;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** What went wrong with a store call, without the service's message (it may quote a request). */
  static String describe(SdkException e) {
    if (e instanceof SdkServiceException s) {
      String code = s instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
          && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
      return (code == null ? e.getClass().getSimpleName() : code) + " (HTTP " + s.statusCode() + ")";
    }
    return e.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "GovernanceTable[" + tableName + "]";
  }

  /** Builds a {@link GovernanceTable}. Not thread-safe. */
  public static final class Builder {
    private final DynamoDbClient client;
    private final String tableName;
    private InstantSource clock = InstantSource.system();

    private Builder(DynamoDbClient client, String tableName) {
      this.client = client;
      this.tableName = tableName;
    }

    /** The clock that decides periods and timestamps (the system clock by default). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The table. */
    public GovernanceTable build() {
      return new GovernanceTable(this);
    }
  }
}
