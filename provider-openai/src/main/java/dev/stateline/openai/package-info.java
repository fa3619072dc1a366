/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * OpenAI's own API as a Stateline target: {@link dev.stateline.openai.OpenAi#target(String)} builds
 * a {@link dev.stateline.Target} that calls Chat Completions or the Responses API
 * ({@link dev.stateline.openai.OpenAiApi}) over OkHttp, with streaming, tools, JSON-schema output and
 * images, and maps every failure to Stateline's error types.
 *
 * <p>Applications use only this package. The wire codec under {@code dev.stateline.openai.wire} is a
 * provider SPI shared with other providers that speak the OpenAI wire format (Azure OpenAI);
 * {@code dev.stateline.openai.internal} is not API.
 */
package dev.stateline.openai;
