package io.streamlearn.ops;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per node that joins, leaves, stops answering or answers again, as this node sees it. */
final class ClusterLog {

  private static final Logger log = LoggerFactory.getLogger(ClusterLog.class);

  private ClusterLog() {}

  static void start(ActorSystem<?> system) {
    var listener = system.systemActorOf(behavior(), "cluster-log", Props.empty());
    var subscriptions = Cluster.get(system).subscriptions();
    subscriptions.tell(Subscribe.create(listener.narrow(), ClusterEvent.MemberEvent.class));
    subscriptions.tell(Subscribe.create(listener.narrow(), ClusterEvent.ReachabilityEvent.class));
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> behavior() {
    return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
        .onMessage(ClusterEvent.MemberUp.class, e -> logged("cluster: node {} is up", e.member()))
        .onMessage(ClusterEvent.MemberLeft.class, e -> logged("cluster: node {} is leaving", e.member()))
        .onMessage(ClusterEvent.MemberDowned.class, e -> logged("cluster: node {} was downed", e.member()))
        .onMessage(ClusterEvent.MemberRemoved.class, e -> logged("cluster: node {} was removed", e.member()))
        .onMessage(ClusterEvent.UnreachableMember.class, e -> logged("cluster: node {} does not answer", e.member()))
        .onMessage(ClusterEvent.ReachableMember.class, e -> logged("cluster: node {} answers again", e.member()))
        .onAnyMessage(e -> Behaviors.same())
        .build();
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> logged(String message, org.apache.pekko.cluster.Member member) {
    log.info(message, member.address() + " (incarnation " + member.uniqueAddress().longUid() + ")");
    return Behaviors.same();
  }
}
