/*
 * What fiqra uses of two Elasticsearch modules that are not published to Maven Central:
 * rest-root (GET / and HEAD /, which the Python client's info() and ping() call, and which
 * fiqra reads to tell Elasticsearch from OpenSearch) and analysis-common's `whitespace`
 * tokenizer (fiqra sends analyzed forms, which the cluster only splits at spaces).
 */
package org.fiqra.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.elasticsearch.Build;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

public class FiqraNodePlugin extends Plugin implements ActionPlugin, AnalysisPlugin {
    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("whitespace", (indexSettings, environment, name, settings) ->
            TokenizerFactory.newFactory(name, WhitespaceTokenizer::new));
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        String nodeName = settings.get("node.name", "");
        String clusterName = ClusterName.CLUSTER_NAME_SETTING.get(settings).value();
        return List.of(new RootAction(nodeName, clusterName, Build.current()));
    }
}
