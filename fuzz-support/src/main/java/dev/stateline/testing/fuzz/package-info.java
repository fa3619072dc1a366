/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Fuzzing helpers shared by the provider modules' Jazzer fuzz tests: a deterministic smoke fuzzer
 * for the default build ({@link dev.stateline.testing.fuzz.SmokeFuzzer}) and a generator of
 * near-JSON documents ({@link dev.stateline.testing.fuzz.FuzzJson}). Needs {@code jazzer-junit} on
 * the test class path (an optional dependency of this module).
 */
package dev.stateline.testing.fuzz;
