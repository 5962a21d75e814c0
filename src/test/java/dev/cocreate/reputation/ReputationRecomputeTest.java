package dev.cocreate.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The recompute rebuilds exactly the running sums")
class ReputationRecomputeTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @Test
  @DisplayName("on a generated community of 1,000 members and 20,000 events, every total and breakdown is unchanged")
  void recomputeEqualsRunningSums() {
    Community community = Community.in(server);
    community.generateReputationCommunity("rgen", 1000, 21L);
    assertThat(community.count("select count(*) from users where username ~ '^rgen[0-9]+$'")).isEqualTo(1000);
    List<String> running = community.reputationSnapshot();
    List<String> rows = community.strings("select user_id || ' ' || kind || ' ' || source || ' ' || points from reputation_ledger order by 1");
    // The community is not trivial: most members earned, 700 posts cost their authors; pairs that only upvoted each other
    // (and one that voted a third member, then withdrew it) earned nothing from each other, and a pair
    // that still votes a third member earned.
    assertThat(community.count("select count(*) from users where username ~ '^rgen[0-9]+$' and reputation <> 0")).isGreaterThan(900);
    assertThat(community.count("select count(*) from reputation_ledger where kind = 'flag_upheld' and points < 0")).isEqualTo(700);
    assertThat(community.count("select count(*) from reputation_ledger l join users a on a.id = l.actor_id "
        + "join users r on r.id = l.user_id where a.username in ('rgen60', 'rgen61', 'rgen2', 'rgen3') and r.username in ('rgen60', 'rgen61', 'rgen2', 'rgen3')")).isZero();
    assertThat(community.count("select count(*) from reputation_ledger l join users a on a.id = l.actor_id "
        + "join users r on r.id = l.user_id where a.username = 'rgen20' and r.username = 'rgen21'")).isPositive();

    assertThat(community.recomputeReputation()).isZero();
    assertThat(community.reputationSnapshot()).isEqualTo(running);
    assertThat(community.strings("select user_id || ' ' || kind || ' ' || source || ' ' || points from reputation_ledger order by 1"))
        .isEqualTo(rows);
  }

  @Test
  @DisplayName("a total that drifted from its events is put right, and said so")
  void recomputeCorrectsDrift() {
    Community community = Community.in(server);
    String drifted = Community.unique("drift");
    community.member(drifted);
    community.exec("update users set reputation = reputation + 7 where username = '" + drifted + "'");
    assertThat(community.recomputeReputation()).isEqualTo(1);
    assertThat(community.recomputeReputation()).isZero();
  }
}
