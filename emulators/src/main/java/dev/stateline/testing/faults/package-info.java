/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The fault matrix shared by the providers' {@code FaultMatrixTest} suites: the {@link
 * dev.stateline.testing.faults.Fault faults} every provider is tried with, the {@link
 * dev.stateline.testing.faults.Mode modes} of a call, a {@link dev.stateline.testing.faults.CallOutcome
 * capture} of how a call ended, and {@link dev.stateline.testing.faults.WireFaults} that shape a
 * {@link mockwebserver3.MockResponse} into a fault on the wire (resets, stalls, trickles).
 */
package dev.stateline.testing.faults;
