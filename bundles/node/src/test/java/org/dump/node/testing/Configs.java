package org.dump.node.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configurations of DS components for tests, as DS would give them: each attribute its default, but for some. */
public final class Configs {

    private Configs() {
    }

    /**
     * @param type      the component's configuration annotation
     * @param overrides values by attribute (method) name, of the attribute's own type (an {@code int} as Integer, a
     *                  {@code long} as Long)
     * @return a configuration with the defaults {@code type} declares, but for {@code overrides}
     */
    public static <A> A of(Class<A> type, Map<String, ?> overrides) {
        for (String name : overrides.keySet()) {
            try {
                type.getMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no attribute " + name, e);
            }
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "annotationType" -> type;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName() + overrides;
                    default -> overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                }));
    }
}
