/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * JUnit 5 support: {@link dev.stateline.testing.junit.StatelineExtension} injects fresh fakes and
 * emulators into test methods and closes them afterwards.
 */
package dev.stateline.testing.junit;
