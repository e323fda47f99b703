#include <gtest/gtest.h>

#include <sstream>

#include "test_input.hpp"
#include "traffic/trace.hpp"

namespace sonde::traffic {
namespace {

using test::error_of;
using test::example;

Trace load_text(const std::string& text, TraceOptions options = {}) {
  std::istringstream in(text);
  auto reader = open_mooncake(in, "trace.jsonl", options);
  return read_trace(*reader);
}

std::string message_of(const std::string& text) {
  const auto e = error_of([&] { load_text(text); });
  return e ? e->what() : "";
}

constexpr const char* kHint =
    "; each line must be {\"timestamp\": ms, \"input_length\": n, \"output_length\": n, "
    "\"hash_ids\": [...]}";

TEST(Mooncake, ExampleFile) {
  auto reader = open_trace(TraceFormat::mooncake, example("mooncake-small.jsonl"), {});
  const Trace t = read_trace(*reader);
  ASSERT_EQ(t.rows.size(), 50u);
  EXPECT_EQ(t.rows[0].arrival_ms, 0.0);  // the first row's timestamp is 13 ms
  EXPECT_EQ(t.rows[0].line, 1u);
  EXPECT_EQ(t.rows[0].hash_ids, (std::vector<std::int64_t>{1, 2, 3, 4, 100}));
  EXPECT_EQ(t.rows[3].hash_ids[0], 1);  // shares row 0's prefix
  EXPECT_EQ(t.rows[2].arrival_ms, 120.0);
  for (std::size_t i = 1; i < t.rows.size(); ++i)
    EXPECT_GE(t.rows[i].arrival_ms, t.rows[i - 1].arrival_ms);
  EXPECT_EQ(t.facts.rows_used, 50u);
  EXPECT_EQ(t.facts.sha256.size(), 64u);
}

TEST(Mooncake, MaxRequestsStopsReading) {
  std::string text;
  for (int i = 0; i < 200000; ++i) {
    text += "{\"timestamp\": " + std::to_string(i) +
            ", \"input_length\": 10, \"output_length\": 2, \"hash_ids\": [1]}\n";
  }
  std::istringstream in(text);
  auto reader = open_mooncake(in, "trace.jsonl", {.max_requests = 10});
  std::size_t n = 0;
  while (reader->next()) ++n;
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(reader->facts().rows_seen, 10u);
  EXPECT_LT(reader->facts().bytes, 2u << 20);  // one chunk, not the ~17 MB file
  EXPECT_LT(reader->facts().bytes, text.size());
  const SourceFacts f = reader->finish();  // hashes the rest
  EXPECT_EQ(f.bytes, text.size());
  EXPECT_EQ(f.rows_used, 10u);
}

TEST(Mooncake, Errors) {
  const std::string ok =
      "{\"timestamp\": 5, \"input_length\": 10, \"output_length\": 2, \"hash_ids\": [1]}\n";
  EXPECT_EQ(
      message_of(
          ok + "{\"timestamp\": 4, \"input_length\": 10, \"output_length\": 2, \"hash_ids\": []}"),
      std::string("trace.jsonl:2: field \"timestamp\" goes backwards (1.000 ms before line 1); "
                  "sort the trace by timestamp"));
  EXPECT_EQ(
      message_of(
          ok + ok +
          "{\"timestamp\": 6, \"input_length\": -1, \"output_length\": 2, \"hash_ids\": []}"),
      std::string("trace.jsonl:3: field \"input_length\" must not be negative (got -1)") + kHint);
  EXPECT_EQ(
      message_of(
          "{\"timestamp\": \"5\", \"input_length\": 1, \"output_length\": 2, \"hash_ids\": []}"),
      std::string("trace.jsonl:1: field \"timestamp\" must be a number (got string)") + kHint);
  EXPECT_EQ(message_of("{\"timestamp\": 5, \"input_length\": 1, \"hash_ids\": []}"),
            std::string("trace.jsonl:1: field \"output_length\" is missing") + kHint);
  EXPECT_NE(
      message_of(
          "{\"timestamp\": 5, \"input_length\": 1, \"output_length\": 2, \"hash_ids\": [1, \"a\"]}")
          .find("field \"hash_ids[1]\" must be an integer (got string)"),
      std::string::npos);
  EXPECT_NE(
      message_of("{\"timestamp\": 5, \"input_length\": 1, \"output_length\": 2, \"hash_ids\": 3}")
          .find("field \"hash_ids\" must be an array of integers (got number)"),
      std::string::npos);
  EXPECT_NE(message_of(ok + "{\"timestamp\": 5,").find("trace.jsonl:2: is not valid JSON"),
            std::string::npos);
  EXPECT_NE(message_of("{\"timestamp\": 5, \"note\": \"\xE0\x80\x80\", \"input_length\": 1}")
                .find("trace.jsonl:1: field \"note\" is not valid UTF-8 (byte 0xE0)"),
            std::string::npos);
  EXPECT_EQ(message_of("\n"),
            "trace.jsonl: has no request rows; a trace needs at least one row after "
            "its header (if any)");
}

}  // namespace
}  // namespace sonde::traffic
