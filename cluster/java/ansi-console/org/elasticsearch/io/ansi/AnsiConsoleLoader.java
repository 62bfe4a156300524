/*
 * Stands in for Elasticsearch's unpublished ANSI console tool (lib/tools/ansi-console/).
 * The server asks it for a terminal to print its start-up to; a node started by fiqra has
 * none (its output goes to a log file), which is what answering null says.
 */
package org.elasticsearch.io.ansi;

import java.util.function.Supplier;
import org.elasticsearch.bootstrap.ConsoleLoader;

public class AnsiConsoleLoader implements Supplier<ConsoleLoader.Console> {
    @Override
    public ConsoleLoader.Console get() {
        return null;
    }
}
