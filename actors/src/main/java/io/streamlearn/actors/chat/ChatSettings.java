package io.streamlearn.actors.chat;

import com.typesafe.config.Config;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.models.chat.ChatCheckpoint;
import io.streamlearn.models.chat.ReactiveTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configuration of the chat domain ({@code streamlearn.chat} in application.conf): the trained
 * Reactive Transformer every conversation shares (its weights are read-only while answering, so one
 * copy serves every actor), and the seed of each conversation's initial memory.
 */
public record ChatSettings(ReactiveTransformer model, long seed) {

  /**
   * @throws IllegalArgumentException when the configured checkpoint cannot be read, with the fix
   */
  public static ChatSettings fromConfig(Config chat) {
    String checkpoint = chat.getString("checkpoint");
    ChatCheckpoint loaded;
    try {
      if (checkpoint.isEmpty()) {
        loaded = ChatCheckpoint.shipped();
      } else {
        Path file = Path.of(checkpoint);
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("checkpoint " + checkpoint + " does not exist: give a file written by"
              + " `train-rxt`, or \"\" for the shipped one");
        }
        loaded = ChatCheckpoint.load(file);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read checkpoint '" + checkpoint + "': " + e.getMessage()
          + " (give a file written by `train-rxt`, or \"\" for the shipped one)");
    }
    return new ChatSettings(loaded.rxt(), chat.getLong("seed"));
  }


  public EntityLogic.Factory<ChatEvent, ChatOutput> conversations() {
    return conversationId -> new ConversationLogic(conversationId, this);
  }
}
