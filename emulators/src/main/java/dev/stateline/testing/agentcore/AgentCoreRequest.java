/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.agentcore;

import java.util.List;
import java.util.Map;

/**
 * A request the {@link AgentCoreEmulator} received: the operation its method and path name, the
 * decoded path segments, the headers and the body.
 *
 * <p>Immutable and thread-safe. {@code toString()} names the operation, not the body.
 */
public final class AgentCoreRequest {
  private final String operation;
  private final String method;
  private final List<String> pathSegments;
  private final String qualifier;
  private final Map<String, List<String>> headers;
  private final String body;
  private final Object json;

  AgentCoreRequest(String operation, String method, List<String> pathSegments, String qualifier,
      Map<String, List<String>> headers, String body, Object json) {
    this.operation = operation;
    this.method = method;
    this.pathSegments = List.copyOf(pathSegments);
    this.qualifier = qualifier;
    this.headers = headers;
    this.body = body;
    this.json = json;
  }

  /** {@code CreateEvent}, {@code ListEvents}, {@code ListSessions}, {@code DeleteEvent}, {@code InvokeAgentRuntime}, or null. */
  public String operation() {
    return operation;
  }

  public String method() {
    return method;
  }

  /** The path's segments, percent-decoded (an ARN comes back whole). */
  public List<String> pathSegments() {
    return pathSegments;
  }

  /** The {@code qualifier} query parameter, or null. */
  public String qualifier() {
    return qualifier;
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

  /** The JSON body as maps, lists, strings, numbers ({@link Double}) and booleans; null for a runtime payload or non-JSON. */
  public Object json() {
    return json;
  }

  @Override
  public String toString() {
    return "AgentCoreRequest[" + operation + "]";
  }
}
