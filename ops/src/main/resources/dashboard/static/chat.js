// The chat page: live conversations, most recent first, with their recent turns and answers.
"use strict";

function onFrame(frame) {
  if (frame.type !== "conversations") return;
  const box = document.getElementById("conversations");
  box.replaceChildren();
  document.getElementById("no-conversations").hidden = frame.conversations.length > 0;
  for (const c of frame.conversations) {
    const card = document.createElement("div");
    card.className = "panel conversation";
    card.append(cell("h2", c.id));
    for (const t of c.turns) {
      const turn = document.createElement("div");
      turn.className = "turn";
      turn.append(cell("div", "#" + t.turn + " user: " + (t.text === null ? "(turn not read)" : t.text), "user"));
      if (t.answer === null) {
        turn.append(cell("div", "answer pending", "quiet"));
      } else {
        turn.append(cell("div", "answer: " + t.answer, "answer"));
        turn.append(cell("div", "answered in " + fixed(t.respond_micros / 1000, 2) + " ms · memory update "
          + fixed(t.memory_update_micros / 1000, 2) + " ms", "times"));
      }
      card.append(turn);
    }
    box.append(card);
  }
}

openFrames("/ws/chat", onFrame);
