/*
 * The Java agent Elasticsearch 8.18+ loads into itself at start-up (lib/entitlement-agent/),
 * which is not published. The server attaches it with the name of its entitlement
 * initialization class as the argument; the agent hands that class the Instrumentation, and
 * the server's own code then instruments the JDK.
 */
package org.fiqra.entitlement;

import java.lang.instrument.Instrumentation;

public final class Agent {
    private Agent() {}

    public static void agentmain(String initializer, Instrumentation instrumentation)
            throws ReflectiveOperationException {
        Class.forName(initializer, true, ClassLoader.getSystemClassLoader())
            .getMethod("initialize", Instrumentation.class)
            .invoke(null, instrumentation);
    }
}
