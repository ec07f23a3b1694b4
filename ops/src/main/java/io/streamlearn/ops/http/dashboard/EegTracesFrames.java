package io.streamlearn.ops.http.dashboard;

import io.streamlearn.ops.http.Json;
import java.util.List;
import java.util.Optional;

/**
 * The frames of one EEG page: its recording's traces for its query, every tick the recording has
 * news, with the recordings list about once a second between them.
 */
final class EegTracesFrames {

  private static final long LIST_EVERY_MILLIS = 1000;

  private final LiveViews views;
  private final RecordingTrace trace;
  private final EegQuery query;
  private long shownVersion = -1;
  private long listedAt;

  EegTracesFrames(LiveViews views, RecordingTrace trace, EegQuery query) {
    this.views = views;
    this.trace = trace;
    this.query = query;
  }

  /** The next frame, or empty when nothing changed; called from one stream stage at a time. */
  Optional<String> next() {
    long now = System.currentTimeMillis();
    if (now - listedAt >= LIST_EVERY_MILLIS) {
      listedAt = now;
      // The list rides on the same socket; sent alone on this tick, the traces follow on the next.
      return Optional.of(Json.write(PageFrames.recordings(views)));
    }
    long version = trace.version();
    if (version == shownVersion) {
      return Optional.empty();
    }
    shownVersion = version;
    // Only the channels shown are copied out of the ring: 4 of 23, say.
    List<String> labels = trace.labels();
    boolean[] needed = EegFrame.montage(labels, query, views.settings()).needs(query.channels(), labels.size());
    RecordingTrace.Window window = trace.window(query.windowSeconds(), EegFrame.FILTER_PAD_SECONDS, needed);
    return Optional.of(Json.write(EegFrame.build(trace.id(), window, query, views.settings())));
  }
}
