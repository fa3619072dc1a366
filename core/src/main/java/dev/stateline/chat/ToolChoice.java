/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/**
 * Whether and which tool the model must call.
 *
 * @param mode how tools may be used
 * @param toolName with {@link Mode#TOOL}, the tool that must be called; null otherwise
 */
public record ToolChoice(Mode mode, String toolName) {

  /** How the model may use the request's tools. */
  public enum Mode { AUTO, NONE, REQUIRED, TOOL }

  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.TOOL) != (toolName != null)) {
      throw new IllegalArgumentException("a tool name goes with Mode.TOOL and only with it");
    }
  }

  /** The model must call the named tool. */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, Objects.requireNonNull(name, "name"));
  }
}
