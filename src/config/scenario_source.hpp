#pragma once
// Where a scenario's requests come from. The seed suite's synthetic prompts (fixed length,
// unique, calibrated to server-counted tokens) unless a scenario names another source:
// a prompt dataset file, a timed trace to replay, generated prompts sharing a prefix, or
// multi-turn conversations.
// File formats: docs/traffic.md.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace sonde {

// The synthetic prompts of `input_len` tokens every suite had before sources existed.
struct SyntheticSource {};

enum class DatasetKind { sharegpt, jsonl };

// `dataset: {kind, path, sample, seed, max_input_len, output_len: dataset|N}`
struct DatasetSource {
  DatasetKind kind = DatasetKind::jsonl;
  std::string path;
  std::optional<std::size_t> sample;  // rows drawn uniformly (reproducible from seed); all if unset
  std::uint64_t seed = 0;
  std::optional<int64_t> max_input_len;  // server-counted tokens; longer rows are skipped, counted
  std::optional<int64_t> output_len;     // forced output tokens; unset: the dataset's own length
};

enum class TraceKind { mooncake, azure };

// `trace: {kind, path, speedup, max_requests, block_tokens}`: open-loop replay at the trace's
// timestamps divided by `speedup`.
struct TraceSource {
  TraceKind kind = TraceKind::mooncake;
  std::string path;
  double speedup = 1;
  std::optional<std::size_t> max_requests;
  int64_t block_tokens = 512;  // tokens per Mooncake hash id: equal ids, equal text
};

// `shared_prefix: {groups, requests_per_group, prefix_len, suffix_len, output_len}`
struct SharedPrefixSource {
  int groups = 1;
  int requests_per_group = 1;
  int64_t prefix_len = 0;  // server-counted tokens every request of a group starts with
  int64_t suffix_len = 0;  // then this many tokens unique to the request
  int64_t output_len = 0;
};

// How long a conversation's user waits between a reply and their next message.
enum class ThinkTime { fixed, exponential };  // think_time_s exactly, or exponential with that mean

// `conversation: {users, turns, user_len, output_len, think_time_s, think}`: `users` chat
// sessions at once (a closed loop), each `turns` turns long; turn k sends the whole history
// (every earlier user message and the model's actual reply) plus a new message.
struct ConversationSource {
  int users = 1;
  int turns = 1;
  int64_t user_len = 0;     // server-counted tokens of each new user message (sent alone)
  int64_t output_len = 0;   // forced reply tokens per turn
  double think_time_s = 0;  // pause after a reply before the next message (mean if exponential)
  ThinkTime think = ThinkTime::fixed;
};

using ScenarioSource =
    std::variant<SyntheticSource, DatasetSource, TraceSource, SharedPrefixSource, ConversationSource>;

}  // namespace sonde
