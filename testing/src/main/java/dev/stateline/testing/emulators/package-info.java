/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * All of Stateline's clouds emulated in-process at once: {@link dev.stateline.testing.emulators.EmulatedClouds}
 * starts Azure OpenAI, Amazon Bedrock and OpenAI wire emulators and builds targets pointing at them.
 */
package dev.stateline.testing.emulators;
