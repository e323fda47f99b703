#include "runner/conversation_plan.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "runner/source_tokens.hpp"

namespace sonde {
namespace {

// splitmix64 of (seed, session, draw): each session's think times are the same whatever order
// the sessions' turns finish in.
uint64_t mix(uint64_t seed, uint64_t session, uint64_t draw) {
  uint64_t z = seed ^ (session * 0x9E3779B97F4A7C15ULL) ^ (draw * 0xD1B54A32D192ED03ULL);
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::string conversation_prompt(const std::vector<std::pair<std::string, std::string>>& history) {
  std::string out;
  for (const auto& [role, content] : history) {
    if (role == "user") {
      if (!out.empty()) out += "\n\n";
      out += "User: " + content + "\n\nAssistant:";
    } else {
      out += content;  // the reply as it came, right after "Assistant:"
    }
  }
  return out;
}

Conversations::Conversations(ConversationSetup setup)
    : setup_(std::move(setup)), sessions_(static_cast<std::size_t>(setup_.source.users)) {}

PreparedRequest Conversations::request(int session, int turn) const {
  const ConversationSource& c = setup_.source;
  PreparedRequest r;
  r.scenario = setup_.scenario;
  r.index = (turn - 1) * c.users + session;
  r.x_request_id = fmt::format("sonde-{}-{}-{}", setup_.run_id, setup_.scenario, r.index);
  // The new message and, with replies forced to output_len, the history before it.
  r.input_tokens_target = turn * c.user_len + (turn - 1) * c.output_len;
  r.output_tokens_target = c.output_len;
  r.session = session;
  r.turn = turn;
  r.keep_reply = turn < c.turns;  // the last reply is never sent back
  return r;
}

std::string Conversations::body(const Session& s) const {
  if (!setup_.endpoint.chat()) {
    return request_body(setup_.endpoint, setup_.model, conversation_prompt(s.history), setup_.params);
  }
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& [role, content] : s.history) {
    messages.push_back({{"role", role}, {"content", content}});
  }
  return chat_messages_body(setup_.endpoint, setup_.model, messages, setup_.params);
}

double Conversations::think_s(int session) {
  const ConversationSource& c = setup_.source;
  Session& s = sessions_[static_cast<std::size_t>(session)];
  double think = c.think_time_s;
  if (c.think == ThinkTime::exponential && think > 0) {
    const uint64_t bits = mix(setup_.seed, static_cast<uint64_t>(session), s.draws++);
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // [0, 1)
    think = -think * std::log1p(-u);
  }
  return think / setup_.time_scale;
}

std::vector<PreparedRequest> Conversations::first_turns() {
  std::vector<PreparedRequest> out;
  for (int s = 0; s < setup_.source.users; ++s) {
    Session& session = sessions_[static_cast<std::size_t>(s)];
    session.history = {{"user", setup_.user[static_cast<std::size_t>(s)]}};
    PreparedRequest r = request(s, 1);
    r.body = body(session);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<PreparedRequest> Conversations::next(const PreparedRequest& done,
                                                   const RequestRecord& record,
                                                   std::string_view reply, double ended_s) {
  if (!done.session || !done.turn || !record.ok || *done.turn >= setup_.source.turns) {
    return std::nullopt;
  }
  const int s = *done.session;
  const int turn = *done.turn + 1;
  Session& session = sessions_[static_cast<std::size_t>(s)];
  session.history.emplace_back("assistant", std::string(reply));
  const auto message = static_cast<std::size_t>((turn - 1) * setup_.source.users + s);
  session.history.emplace_back("user", setup_.user[message]);
  PreparedRequest r = request(s, turn);
  r.body = body(session);
  r.intended_offset_s = ended_s + think_s(s);
  return r;
}

std::vector<PreparedRequest> Conversations::planned() const {
  std::vector<PreparedRequest> out;
  for (int turn = 1; turn <= setup_.source.turns; ++turn) {
    for (int s = 0; s < setup_.source.users; ++s) out.push_back(request(s, turn));
  }
  return out;
}

DispatchPlan Conversations::dispatch_plan(const std::shared_ptr<Conversations>& conversations) {
  DispatchPlan plan;
  plan.requests = conversations->first_turns();
  plan.max_in_flight = conversations->setup_.source.users;
  plan.follow_up = [conversations](const PreparedRequest& done, const RequestRecord& record,
                                   std::string_view reply, double ended_s) {
    return conversations->next(done, record, reply, ended_s);
  };
  return plan;
}

}  // namespace sonde
