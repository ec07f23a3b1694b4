package io.streamlearn.ops.demo;

import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.chat.ChatSimulator;
import io.streamlearn.traffic.eeg.EegSimulator;
import java.util.List;

/**
 * What the demo played and measured.
 *
 * @param rounds ads rounds played (fewer than planned when stopped early)
 * @param stoppedEarly a SIGTERM or Ctrl-C ended the play before its end
 */
public record DemoResult(long rounds, boolean stoppedEarly, List<AdsSimulator.PolicyResult> ads, long decisionTimeouts,
    List<EegSimulator.RecordingResult> eeg, ChatSimulator.Result chat, long seconds) {}
