/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The OpenAI wire codec as a provider SPI, for provider modules that speak the OpenAI format (Azure
 * OpenAI builds on it rather than copying it). Not for applications: they use
 * {@link dev.stateline.openai.OpenAi}.
 *
 * <ul>
 *   <li>{@link dev.stateline.openai.wire.HttpChatModel}: a {@link dev.stateline.spi.ChatModel} over
 *       OkHttp, composed from hooks: {@link dev.stateline.openai.wire.Endpoint} (the URL per operation
 *       and model), {@link dev.stateline.openai.wire.RequestAuth} (credential headers),
 *       {@link dev.stateline.openai.wire.WireDialect} (provider name, body differences) and
 *       {@link dev.stateline.openai.wire.ResponseExtension} (extra response fields and headers);
 *   <li>request encoders: {@link dev.stateline.openai.wire.ChatCompletionsEncoder},
 *       {@link dev.stateline.openai.wire.ResponsesEncoder};
 *   <li>decoders: {@link dev.stateline.openai.wire.ChatCompletionsDecoder},
 *       {@link dev.stateline.openai.wire.ResponsesDecoder} for whole bodies,
 *       {@link dev.stateline.openai.wire.ChatCompletionsStreamDecoder},
 *       {@link dev.stateline.openai.wire.ResponsesStreamDecoder} for streams;
 *   <li>{@link dev.stateline.openai.wire.SseReader}: server-sent events over an okio source;
 *   <li>{@link dev.stateline.openai.wire.ErrorMapper}: HTTP status, provider error body and I/O
 *       failures to Stateline exceptions.
 * </ul>
 *
 * <p>All JSON is read and written with Moshi's streaming {@code JsonReader} / {@code JsonWriter}, no
 * reflection; unknown fields are skipped. This package may grow between minor versions; providers
 * in this repository move with it.
 */
package dev.stateline.openai.wire;
