/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.dynamodb;

import java.util.List;
import java.util.Map;

/**
 * A request the {@link DynamoDbEmulator} received: the operation named by its
 * {@code X-Amz-Target} header, its headers and its JSON body.
 *
 * <p>Immutable and thread-safe. {@code toString()} names the operation and table, not the body.
 */
public final class DynamoDbRequest {
  private final String operation;
  private final Map<String, List<String>> headers;
  private final String body;
  private final Object json;

  DynamoDbRequest(String operation, Map<String, List<String>> headers, String body, Object json) {
    this.operation = operation;
    this.headers = headers;
    this.body = body;
    this.json = json;
  }

  /** The operation ({@code PutItem}, {@code TransactWriteItems}, ...), or null without a valid target header. */
  public String operation() {
    return operation;
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The body as sent. */
  public String body() {
    return body;
  }

  /**
   * The body as a tree of maps, lists, strings, booleans and numbers ({@link Double}), or null if
   * it was not JSON.
   */
  public Object json() {
    return json;
  }

  /**
   * The value at a path of member names and list indexes in the JSON body, such as
   * {@code at("TransactItems", 0, "Put", "ConditionExpression")}, or null if there is none.
   */
  public Object at(Object... path) {
    Object cur = json;
    for (Object p : path) {
      if (p instanceof String name && cur instanceof Map<?, ?> m) {
        cur = m.get(name);
      } else if (p instanceof Integer i && cur instanceof List<?> l && i >= 0 && i < l.size()) {
        cur = l.get(i);
      } else {
        return null;
      }
    }
    return cur;
  }

  @Override
  public String toString() {
    Object table = at("TableName");
    return "DynamoDbRequest[" + operation + (table == null ? "" : ", " + table) + "]";
  }
}
