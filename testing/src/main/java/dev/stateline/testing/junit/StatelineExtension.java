/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.junit;

import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.bedrock.BedrockEmulator;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.OpenAiEmulator;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that gives tests fresh fakes and emulators as parameters and closes them
 * when the test is done.
 *
 * <pre>{@code
 * @ExtendWith(StatelineExtension.class)          // or @StatelineTest
 * class CheckoutTest {
 *   @Test
 *   void summarisesTheBasket(FakeChatModel fake) {
 *     fake.replyWith("Two items.");
 *     ...
 *   }
 *
 *   @Test
 *   void failsOverWhenSwedenIsDown(EmulatedClouds clouds) {
 *     clouds.azure("swedencentral").conditions(Conditions.outage());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves, in test methods and in {@code @BeforeEach} / {@code @AfterEach}
 * methods:
 *
 * <ul>
 *   <li>{@link EmulatedClouds}: started with the defaults, or the regions of the nearest
 *       {@link Clouds} annotation (parameter, method, class);
 *   <li>{@link FakeChatModel}: a new fake with an empty script;
 *   <li>{@link OpenAiEmulator}, {@link AzureOpenAiEmulator}, {@link BedrockEmulator}: one emulator
 *       of that cloud, started with its defaults.
 * </ul>
 *
 * <p><b>Lifetime</b>: one instance per type per test. A {@code @BeforeEach} method and the test
 * method that ask for the same type get the same instance; it is closed after the test, after the
 * {@code @AfterEach} methods. Asked for in a {@code @BeforeAll} method (or a constructor of a
 * per-class test instance), an instance lives for the whole class and is closed after it.
 *
 * <p>Thread-safe as JUnit requires; parallel tests each get their own instances.
 */
public final class StatelineExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StatelineExtension.class);
  private static final Set<Class<?>> TYPES = Set.of(EmulatedClouds.class, FakeChatModel.class,
      OpenAiEmulator.class, AzureOpenAiEmulator.class, BedrockEmulator.class);

  /** Created by JUnit. */
  public StatelineExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return TYPES.contains(parameterContext.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    try {
      return resources(extensionContext).get(type, () -> create(type, parameterContext, extensionContext));
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("could not create the " + type.getSimpleName() + " for "
          + extensionContext.getDisplayName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeResources(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeResources(context);
  }

  private static Resources resources(ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(context.getUniqueId(), key -> new Resources(), Resources.class);
  }

  private static void closeResources(ExtensionContext context) {
    Resources r = context.getStore(NAMESPACE).remove(context.getUniqueId(), Resources.class);
    if (r != null) {
      r.close();
    }
  }

  private static Object create(Class<?> type, ParameterContext parameter, ExtensionContext context) {
    if (type == FakeChatModel.class) {
      return new FakeChatModel();
    }
    if (type == OpenAiEmulator.class) {
      return OpenAiEmulator.create().start();
    }
    if (type == AzureOpenAiEmulator.class) {
      return AzureOpenAiEmulator.create().start();
    }
    if (type == BedrockEmulator.class) {
      return BedrockEmulator.start();
    }
    Clouds clouds = findClouds(parameter, context).orElse(null);
    if (clouds == null) {
      return EmulatedClouds.start();
    }
    EmulatedClouds.Builder b = EmulatedClouds.builder();
    for (String r : clouds.azure()) {
      b.azure(r);
    }
    for (String r : clouds.bedrock()) {
      b.bedrock(r);
    }
    if (!clouds.openAi().isBlank()) {
      b.openAi(clouds.openAi());
    }
    return b.start();
  }

  private static Optional<Clouds> findClouds(ParameterContext parameter, ExtensionContext context) {
    Optional<Clouds> found = parameter.findAnnotation(Clouds.class);
    if (found.isPresent()) {
      return found;
    }
    List<AnnotatedElement> places = new ArrayList<>();
    context.getTestMethod().ifPresent(places::add);
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      c.getTestClass().ifPresent(places::add);
    }
    for (AnnotatedElement e : places) {
      found = AnnotationSupport.findAnnotation(e, Clouds.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The instances one test (or one class) was given, closed together, newest first. */
  private static final class Resources {
    private final Map<Class<?>, Object> byType = new LinkedHashMap<>();

    synchronized Object get(Class<?> type, java.util.function.Supplier<Object> factory) {
      Object o = byType.get(type);
      if (o == null) {
        o = factory.get();
        byType.put(type, o);
      }
      return o;
    }

    void close() {
      List<Object> all;
      synchronized (this) {
        all = new ArrayList<>(byType.values());
        byType.clear();
      }
      RuntimeException failure = null;
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i) instanceof AutoCloseable c && !(c instanceof FakeChatModel)) {
          try {
            c.close();
          } catch (Exception e) {
            RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
            if (failure == null) {
              failure = r;
            } else {
              failure.addSuppressed(r);
            }
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
