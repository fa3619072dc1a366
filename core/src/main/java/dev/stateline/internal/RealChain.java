package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;

/** The chain handed to each interceptor: the interceptors after it, ending in a terminal link. */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final ModelCall call;

  RealChain(List<Interceptor> interceptors, int index, ModelCall call) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
  }

  @Override
  public ModelCall call() {
    return call;
  }

  @Override
  public EventSource proceed(ModelCall next) {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("the last link of the chain must not call proceed()");
    }
    Interceptor interceptor = interceptors.get(index);
    EventSource result = interceptor.intercept(new RealChain(interceptors, index + 1, next));
    if (result == null) {
      throw new NullPointerException("interceptor " + interceptor.getClass().getName() + " returned null");
    }
    return result;
  }

  static EventSource run(List<Interceptor> interceptors, ModelCall call) {
    return new RealChain(interceptors, 0, call).proceed(call);
  }
}
