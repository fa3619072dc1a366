/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.ModelMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The model-version watch of a fleet: the last response model of each target and alias is kept in
 * the shared {@link GovernanceTable}, so that a silent model change is reported once, by the first
 * instance that sees it, and is not forgotten at restart.
 *
 * <pre>{@code
 * AuditTrail audit = AuditTrail.to(DynamoDbAuditSink.builder(table, "payments").build(), DynamoDbModelMemory.of(table));
 * }</pre>
 *
 * <p>Each instance remembers what it last wrote or read and calls DynamoDB only when a call
 * reports a model other than that: once per target and alias after a start, and once per change.
 * That call is one conditional {@code UpdateItem}: set the model if it is absent or different,
 * returning the old one. The instance whose write succeeds reports the change (the first model
 * ever stored is the baseline, not a change); an instance whose condition fails learns that another
 * one already recorded it. Thread-safe.
 */
public final class DynamoDbModelMemory implements ModelMemory {
  private final GovernanceTable table;
  private final ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();

  private DynamoDbModelMemory(GovernanceTable table) {
    this.table = table;
  }

  /** A memory in {@code table}; pass it to {@link AuditTrail#to(dev.stateline.audit.AuditSink, ModelMemory)}. */
  public static DynamoDbModelMemory of(GovernanceTable table) {
    return new DynamoDbModelMemory(Objects.requireNonNull(table, "table"));
  }

  @Override
  public String exchange(String target, String alias, String model) {
    Objects.requireNonNull(model, "model");
    String key = "model#" + GovernanceTable.keyPart(target) + "#" + GovernanceTable.keyPart(alias);
    if (model.equals(seen.get(key))) {
      return null;
    }
    try {
      UpdateItemResponse r = table.client().updateItem(u -> u.tableName(table.tableName())
          .key(Map.of(GovernanceTable.PARTITION_KEY, AttributeValue.fromS(key),
              GovernanceTable.SORT_KEY, AttributeValue.fromS("S")))
          .updateExpression("SET #model = :model, #at = :at")
          .conditionExpression("attribute_not_exists(#model) OR #model <> :model")
          .expressionAttributeNames(Map.of("#model", "model", "#at", "changedAt"))
          .expressionAttributeValues(Map.of(":model", AttributeValue.fromS(model),
              ":at", AttributeValue.fromS(table.clock().instant().toString())))
          .returnValues(ReturnValue.UPDATED_OLD));
      seen.put(key, model);
      AttributeValue old = r.hasAttributes() ? r.attributes().get("model") : null;
      return old == null ? null : old.s();
    } catch (ConditionalCheckFailedException e) {
      seen.put(key, model); // the table already holds this model: someone else reported the change
      return null;
    } catch (SdkException e) {
      throw new UncheckedIOException(new IOException("could not record the response model of target '" + target
          + "': " + GovernanceTable.describe(e)));
    }
  }

  @Override
  public String toString() {
    return "DynamoDbModelMemory[" + table + "]";
  }
}
