/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.junit;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.testing.Conditions;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that gives tests fresh fakes, emulators and a ready {@link StatelineClient} as
 * parameters and closes them when the test is done.
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
 *   void failsOverWhenSwedenIsDown(EmulatedClouds clouds, StatelineClient client) {
 *     clouds.azure("swedencentral").conditions(Conditions.outage());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p><b>Configured</b> with {@link #builder()} and {@code @RegisterExtension}: which clouds to start,
 * which of their targets the client gets, and anything else of the client (placement, retries,
 * telemetry):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StatelineExtension stateline = StatelineExtension.builder()
 *     .clouds(clouds -> clouds.azure("swedencentral").bedrock("eu-central-1"))
 *     .client((client, clouds) -> client.placement(PlacementPolicy.standard().residency(Jurisdiction.EU)))
 *     .build();
 * }</pre>
 *
 * <p>Parameters it resolves, in test methods and in {@code @BeforeEach} / {@code @AfterEach}
 * methods:
 *
 * <ul>
 *   <li>{@link EmulatedClouds}: started with the regions of the nearest {@link Clouds} annotation
 *       (parameter, method, class), else as {@link Builder#clouds(Consumer)} says, else with the
 *       defaults of {@link EmulatedClouds#start()};
 *   <li>{@link StatelineClient}: a client on the test's {@link EmulatedClouds} (the same instance a
 *       parameter of that type gets), with every one of its {@linkplain EmulatedClouds#targets()
 *       targets} (or those of {@link Builder#targets(Function)}), in that order, and what
 *       {@link Builder#client(BiConsumer)} adds; closed before the clouds;
 *   <li>{@link FakeChatModel}: a new fake with an empty script;
 *   <li>{@link OpenAiEmulator}, {@link AzureOpenAiEmulator}, {@link BedrockEmulator}: one emulator
 *       of that cloud, started with its defaults; the {@link BedrockEmulator} accepts (and recomputes
 *       the SigV4 signatures of) {@link EmulatedClouds#AWS_ACCESS_KEY_ID} with
 *       {@link EmulatedClouds#AWS_SECRET_ACCESS_KEY}, as the clouds' Bedrock emulators do.
 * </ul>
 *
 * <p><b>Lifetime</b>: one instance per type per test. A {@code @BeforeEach} method and the test
 * method that ask for the same type get the same instance; it is closed after the test, after the
 * {@code @AfterEach} methods, newest first. Asked for in a {@code @BeforeAll} method (or a
 * constructor of a per-class test instance), an instance lives for the whole class and is closed
 * after it.
 *
 * <p><b>Errors</b>: a failure to start or configure an instance (a bad region, a client builder that
 * throws) fails the test with a {@link ParameterResolutionException} naming the type and the cause.
 *
 * <p>Immutable and thread-safe as JUnit requires; parallel tests each get their own instances. The
 * configuration functions are called once per test that asks, on the test's thread.
 */
public final class StatelineExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StatelineExtension.class);
  private static final Set<Class<?>> TYPES = Set.of(EmulatedClouds.class, StatelineClient.class,
      FakeChatModel.class, OpenAiEmulator.class, AzureOpenAiEmulator.class, BedrockEmulator.class);

  private final Consumer<EmulatedClouds.Builder> clouds;
  private final Function<EmulatedClouds, List<Target>> targets;
  private final BiConsumer<StatelineClient.Builder, EmulatedClouds> client;

  /**
   * The extension with the defaults, as {@code @ExtendWith(StatelineExtension.class)} and
   * {@link StatelineTest} create it: {@link EmulatedClouds#start()}, a client on all its targets.
   */
  public StatelineExtension() {
    this(new Builder());
  }

  private StatelineExtension(Builder b) {
    this.clouds = b.clouds;
    this.targets = b.targets;
    this.client = b.client;
  }

  /** A builder of a configured extension, for a {@code @RegisterExtension} field. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return TYPES.contains(parameterContext.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    try {
      Resources resources = resources(extensionContext);
      return resources.get(type, () -> create(type, resources, parameterContext, extensionContext));
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

  private Object create(Class<?> type, Resources resources, ParameterContext parameter, ExtensionContext context) {
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
      return BedrockEmulator.start()
          .acceptCredentials(EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY);
    }
    if (type == StatelineClient.class) {
      EmulatedClouds on = (EmulatedClouds) resources.get(EmulatedClouds.class,
          () -> startClouds(parameter, context));
      StatelineClient.Builder b = StatelineClient.builder();
      List<Target> chosen = Objects.requireNonNull(targets.apply(on), "the targets function returned null");
      chosen.forEach(b::target);
      client.accept(b, on);
      return b.build();
    }
    return startClouds(parameter, context);
  }

  private EmulatedClouds startClouds(ParameterContext parameter, ExtensionContext context) {
    Clouds annotation = findClouds(parameter, context).orElse(null);
    if (annotation == null) {
      if (clouds == null) {
        return EmulatedClouds.start();
      }
      EmulatedClouds.Builder b = EmulatedClouds.builder();
      clouds.accept(b);
      return b.start();
    }
    EmulatedClouds.Builder b = EmulatedClouds.builder();
    for (String r : annotation.azure()) {
      b.azure(r);
    }
    for (String r : annotation.bedrock()) {
      b.bedrock(r);
    }
    if (!annotation.openAi().isBlank()) {
      b.openAi(annotation.openAi());
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

  /**
   * Builds a configured {@link StatelineExtension}. Not thread-safe; the extension it builds is
   * immutable. Every setting is optional.
   */
  public static final class Builder {
    private Consumer<EmulatedClouds.Builder> clouds;
    private Function<EmulatedClouds, List<Target>> targets = EmulatedClouds::targets;
    private BiConsumer<StatelineClient.Builder, EmulatedClouds> client = (b, c) -> { };

    private Builder() {}

    /**
     * Which clouds to start for the tests that have no {@link Clouds} annotation: the function adds
     * regions (and {@link Conditions}) to a fresh {@link EmulatedClouds#builder()}, for example
     * {@code clouds -> clouds.azure("swedencentral").bedrockOpenAi("us-east-1")}. Without it the
     * defaults of {@link EmulatedClouds#start()} apply.
     *
     * @throws NullPointerException if {@code clouds} is null
     */
    public Builder clouds(Consumer<EmulatedClouds.Builder> clouds) {
      this.clouds = Objects.requireNonNull(clouds, "clouds");
      return this;
    }

    /**
     * The targets the injected client gets, in order; all of {@link EmulatedClouds#targets()} by
     * default. For example {@code clouds -> List.of(clouds.azureTarget("azure", "swedencentral"))}.
     *
     * @throws NullPointerException if {@code targets} is null
     */
    public Builder targets(Function<EmulatedClouds, List<Target>> targets) {
      this.targets = Objects.requireNonNull(targets, "targets");
      return this;
    }

    /**
     * Sets anything else of the injected client, after its targets were added: placement, retries,
     * timeouts, telemetry, a session store. The function also gets the clouds, to add a target of
     * its own (say one with a price: {@code clouds.azureTarget(...).toBuilder()...}).
     *
     * @throws NullPointerException if {@code client} is null
     */
    public Builder client(BiConsumer<StatelineClient.Builder, EmulatedClouds> client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The extension, for a {@code @RegisterExtension} field (static for class-wide instances). */
    public StatelineExtension build() {
      return new StatelineExtension(this);
    }
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
