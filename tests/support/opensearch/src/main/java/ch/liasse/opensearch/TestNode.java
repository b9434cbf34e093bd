package ch.liasse.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node for Liasse's tests, in this JVM, with its modules given as classes on the
 * classpath instead of being unpacked under a plugins/ folder.
 *
 * <p>Usage: {@code TestNode HOME NAME HTTP_PORT TRANSPORT_PORT [SEED_PORTS MANAGER_NAMES]}.
 * Without the last two the node forms a single-node cluster; with them (comma-separated
 * transport ports of the other nodes, and the names of the initial cluster managers) it joins
 * or bootstraps a cluster of several nodes. Binds to 127.0.0.1 only; data and logs under HOME.
 */
public final class TestNode {

    private static final List<Class<? extends Plugin>> MODULES = List.of(
            Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class, ReindexPlugin.class);

    private TestNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 6) {
            System.err.println("usage: TestNode HOME NAME HTTP_PORT TRANSPORT_PORT [SEED_PORTS MANAGERS]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Settings.Builder settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.name", "liasse-test")
                .put("node.name", args[1])
                .put("network.host", "127.0.0.1")
                .put("http.port", args[2])
                .put("transport.port", args[3])
                .put("http.type", "netty4")
                .put("transport.type", "netty4")
                .put("action.auto_create_index", "false")
                .put("cluster.routing.allocation.disk.threshold_enabled", "false")
                .put("indices.breaker.total.use_real_memory", "false");
        if (args.length == 4) {
            settings.put("discovery.type", "single-node");
        } else {
            List<String> seeds = List.of(args[4].split(",")).stream()
                    .map(port -> "127.0.0.1:" + port).collect(Collectors.toList());
            settings.putList("discovery.seed_hosts", seeds);
            settings.putList("cluster.initial_cluster_manager_nodes", List.of(args[5].split(",")));
        }
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
                settings.build(), Collections.emptyMap(), home.resolve("config"), () -> args[1]);
        ClasspathNode node = new ClasspathNode(environment, MODULES);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "liasse-node-stop"));
        node.start();
        System.out.println("started http://127.0.0.1:" + args[2]);
        System.out.flush();
        stopped.await();
    }

    /** A node whose plugins are classes on the classpath (OpenSearch 2.x takes them as is). */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> modules) {
            super(environment, modules, true);
        }

        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
            // it needs log4j's full configuration, which this launcher does not set up
        }
    }
}
