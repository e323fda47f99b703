#pragma once
// The requests of a conversation scenario (docs/traffic.md "conversation"): `users` chat sessions,
// each `turns` turns long. Turn 1 of every session is in the DispatchPlan from the start; turn
// k + 1 is built when turn k's reply has arrived (DispatchPlan::follow_up), from the whole
// history — every earlier user message and the model's actual reply — plus the next message,
// and is due the think time after that reply.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/client.hpp"
#include "config/scenario_source.hpp"
#include "runner/target.hpp"

namespace sonde {

struct ConversationSetup {
  ConversationSource source;      // users, turns, lengths, think time
  std::string scenario;           // scenario name (records, x-request-ids)
  std::string run_id;             // x-request-id prefix, as scenario_request's
  Endpoint endpoint;              // chat: `messages`; completions: one text prompt
  std::string model;              // model name sent
  GenerationParams params;        // max_tokens = output_len, ignore_eos, temperature
  std::vector<std::string> user;  // message of session s at turn t: user[(t - 1) * users + s]
  uint64_t seed = 0;              // think-time draws (exponential), one stream per session
  double time_scale = 1;          // think times are divided by it (simulated -> real seconds)
};

class Conversations {
 public:
  explicit Conversations(ConversationSetup setup);

  // Turn 1 of every session, in session order (their index is the session).
  std::vector<PreparedRequest> first_turns();
  // The next turn of `done`'s session, or nothing when it was the last turn or failed (a failed
  // turn has no reply to continue from: its session ends there). `reply`: the answer's text;
  // `ended_s`: when it ended (real seconds since the epoch). Thread-safe across sessions: a
  // session's turns all run on one worker (DispatchPlan::follow_up).
  std::optional<PreparedRequest> next(const PreparedRequest& done, const RequestRecord& record,
                                      std::string_view reply, double ended_s);
  // Every request the scenario plans, bodies empty, index = (turn - 1) × users + session: what
  // records of unsent turns are made from.
  std::vector<PreparedRequest> planned() const;

  // The DispatchPlan: turn 1 of every session, the rest as follow-ups of `conversations`.
  static DispatchPlan dispatch_plan(const std::shared_ptr<Conversations>& conversations);

 private:
  struct Session {
    std::vector<std::pair<std::string, std::string>> history;  // (role, content) so far
    uint64_t draws = 0;                                        // think times drawn
  };
  PreparedRequest request(int session, int turn) const;  // id, targets, session, turn
  std::string body(const Session& session) const;        // the history as this endpoint's body
  double think_s(int session);                           // the next pause, real seconds

  ConversationSetup setup_;
  std::vector<Session> sessions_;
};

// Text prompt of a conversation for the completions endpoint: each user message as
// "User: TEXT\n\nAssistant:" and each reply appended as it came, the turns separated by "\n\n"
// (so every turn's prompt starts with the previous turn's prompt and reply, verbatim).
std::string conversation_prompt(const std::vector<std::pair<std::string, std::string>>& history);

}  // namespace sonde
