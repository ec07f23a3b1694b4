package io.streamlearn.streams;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Actor systems for the streams tests. Sharding (every {@link EntityRouter}) needs a cluster
 * member, so each is a one-node cluster that joins itself, as ops' {@code Node} starts one; streams
 * cannot depend on ops, hence this copy of the idea.
 */
public final class TestNode {

  private TestNode() {}

  public static ActorSystem<Void> start(String name, Config config) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return system;
  }

  public static void stop(ActorSystem<?> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
