#include "traffic/sharegpt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "test_input.hpp"
#include "util/sha256.hpp"

namespace sonde::traffic {
namespace {

using test::error_of;
using test::example;

ShareGptDataset load_text(const std::string& text, const DatasetOptions& options = {}) {
  std::istringstream in(text);
  return load_sharegpt(in, "data.json", options);
}

std::string message_of(const std::string& text, const DatasetOptions& options = {}) {
  const auto e = error_of([&] { load_text(text, options); });
  return e ? e->what() : "";
}

std::vector<std::size_t> indices(const ShareGptDataset& d) {
  std::vector<std::size_t> out;
  for (const auto& r : d.rows) out.push_back(r.index);
  return out;
}

TEST(ShareGpt, ExampleFileRowsAndSkips) {
  const ShareGptDataset d = load_sharegpt(example("sharegpt-small.json"), {});
  EXPECT_EQ(d.facts.rows_seen, 21u);
  EXPECT_EQ(d.rows.size(), 19u);
  EXPECT_EQ(d.facts.rows_used, 19u);
  EXPECT_EQ(d.facts.rows_eligible, 19u);
  EXPECT_EQ(d.facts.skipped.at(SkipReason::no_answer), 1u);
  EXPECT_EQ(d.facts.skipped.at(SkipReason::no_human_turn), 1u);
  EXPECT_EQ(d.facts.rows_skipped(), 2u);
  EXPECT_EQ(d.rows[0].index, 0u);
  EXPECT_EQ(d.rows[0].line, 2u);
  EXPECT_EQ(d.rows[0].prompt, "How do I pick a KV cache block size for a long-context model?");
  // A row opening with a system turn: the first human turn and the gpt turn after it.
  EXPECT_EQ(d.rows[3].prompt, "Name a prime above 100.");
  EXPECT_EQ(d.rows[3].answer, "101.");
  std::ifstream in(example("sharegpt-small.json"), std::ios::binary);
  std::ostringstream whole;
  whole << in.rdbuf();
  EXPECT_EQ(d.facts.sha256, sha256_hex(whole.str()));
  EXPECT_EQ(d.facts.bytes, whole.str().size());
}

TEST(ShareGpt, MaxInputLenSkipsLongPromptsInCharsOrCallerUnits) {
  DatasetOptions o;
  o.max_input_len = 1000;
  const ShareGptDataset d = load_sharegpt(example("sharegpt-small.json"), o);
  EXPECT_EQ(d.rows.size(), 18u);
  EXPECT_EQ(d.facts.skipped.at(SkipReason::too_long), 1u);
  EXPECT_EQ(d.facts.skipped_summary(), "1 no_human_turn, 1 no_answer, 1 too_long");
  // Chars are code points: 4 Korean syllables are 4, not 12 bytes.
  const std::string korean =
      R"([{"conversations": [{"from": "human", "value": "안녕하세"}, {"from": "gpt", "value": "네"}]}])";
  o.max_input_len = 4;
  EXPECT_EQ(load_text(korean, o).rows.size(), 1u);
  o.max_input_len = 3;
  EXPECT_NE(message_of(korean, o).find("skipped: 1 too_long"), std::string::npos);
  // A caller's length function (e.g. a tokenizer) replaces chars.
  o.max_input_len = 3;
  o.length = [](std::string_view) { return std::size_t{2}; };
  EXPECT_EQ(load_text(korean, o).rows.size(), 1u);
}

TEST(ShareGpt, SamplingIsReproducibleAndInFileOrder) {
  DatasetOptions o;
  o.sample = 5;
  o.seed = 1;
  const auto a = load_sharegpt(example("sharegpt-small.json"), o);
  const auto b = load_sharegpt(example("sharegpt-small.json"), o);
  EXPECT_EQ(a.rows.size(), 5u);
  EXPECT_EQ(a.facts.rows_used, 5u);
  EXPECT_EQ(a.facts.rows_eligible, 19u);
  EXPECT_EQ(indices(a), indices(b));
  const auto picked = indices(a);
  EXPECT_TRUE(std::is_sorted(picked.begin(), picked.end()));
  o.seed = 2;
  EXPECT_NE(indices(load_sharegpt(example("sharegpt-small.json"), o)), indices(a));
  o.sample = 0;
  EXPECT_THROW(load_sharegpt(example("sharegpt-small.json"), o), UsageError);
  // More than there is: every eligible row.
  o.sample = 100;
  EXPECT_EQ(load_sharegpt(example("sharegpt-small.json"), o).rows.size(), 19u);
}

TEST(ShareGpt, SamplingReachesEveryRow) {
  std::set<std::size_t> seen;
  DatasetOptions o;
  o.sample = 3;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    o.seed = seed;
    for (std::size_t i : indices(load_sharegpt(example("sharegpt-small.json"), o))) seen.insert(i);
  }
  EXPECT_EQ(seen.size(), 19u);  // the last rows too: not just the first ones kept
}

TEST(ShareGpt, StreamsElementsAcrossChunkBoundaries) {
  // ~3 MiB: elements span the 1 MiB chunks; strings hold brackets, quotes and escapes.
  std::string text = "[\n";
  const std::string filler(5000, 'x');
  const int n = 600;
  for (int i = 0; i < n; ++i) {
    if (i > 0) text += ",\n";
    text += R"({"id": "r)" + std::to_string(i) +
            R"(", "conversations": [{"from": "human", "value": "q)" + std::to_string(i) +
            R"( {[\"]} \\)" + filler + R"("}, {"from": "gpt", "value": "a"}]})";
  }
  text += "\n]\n";
  const ShareGptDataset d = load_text(text);
  ASSERT_EQ(d.rows.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(d.rows[599].index, 599u);
  EXPECT_EQ(d.rows[599].line, 601u);
  EXPECT_EQ(d.rows[599].prompt.substr(0, 13), "q599 {[\"]} \\x");
  EXPECT_EQ(d.facts.sha256, sha256_hex(text));
}

TEST(ShareGpt, EscapesDoNotConfuseElementBoundaries) {
  // After "\n" the next quote closes the string: the brackets in the answer are text.
  const ShareGptDataset d = load_text(
      R"([{"conversations": [{"from": "human", "value": "x\ny\t\u00e9\\"}, {"from": "gpt", "value": "]}]"}]},)"
      "\n"
      R"( {"conversations": [{"from": "human", "value": "\"]"}, {"from": "gpt", "value": "b"}]}])");
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].prompt, "x\ny\t\u00e9\\");
  EXPECT_EQ(d.rows[0].answer, "]}]");
  EXPECT_EQ(d.rows[1].prompt, "\"]");
  EXPECT_EQ(d.rows[1].line, 2u);
}

TEST(ShareGpt, ErrorsNameLineElementAndField) {
  EXPECT_EQ(message_of("[\n {\"conversations\": []},\n 42\n]"),
            "data.json:3: element 1: must be an object (got number); each element must be "
            "{\"conversations\": [{\"from\": \"human\", \"value\": \"...\"}, {\"from\": \"gpt\", "
            "\"value\": \"...\"}]}");
  EXPECT_EQ(message_of("[{\"id\": 1}]").substr(0, 57),
            "data.json:1: element 0: field \"conversations\" is missing;");
  EXPECT_NE(message_of("[{\"conversations\": \"hi\"}]")
                .find("element 0: field \"conversations\" must be an array (got string)"),
            std::string::npos);
  EXPECT_NE(message_of("[\n\n{\"conversations\": [{\"from\": 1, \"value\": \"x\"}]}]")
                .find("data.json:3: element 0: field \"conversations[0].from\" must be a string "
                      "(got number)"),
            std::string::npos);
  EXPECT_NE(message_of("[{\"conversations\": [{\"from\": \"human\", \"value\": \"x\"}, "
                       "{\"from\": \"gpt\", \"value\": null}]}]")
                .find("field \"conversations[1].value\" must be a string (got null)"),
            std::string::npos);
  EXPECT_NE(message_of("[{\"conversations\": [{\"from\": \"human\"}]}]")
                .find("field \"conversations[0].value\" is missing"),
            std::string::npos);
  EXPECT_NE(message_of("[{\"conversations\": []},\n{\"conversations\": [}\n]")
                .find("data.json:2: element 1: is not valid JSON"),
            std::string::npos);
}

TEST(ShareGpt, ErrorsAboutTheArray) {
  EXPECT_NE(message_of("{\"a\": 1}").find("data.json:1: must be a JSON array (it starts with \"{"),
            std::string::npos);
  EXPECT_NE(
      message_of("[{\"conversations\": []}\n").find("data.json:2: ends before the array's closing ']'"),
      std::string::npos);
  EXPECT_NE(message_of("[{\"conversations\": []},]").find("has a ',' right before the closing ']'"),
            std::string::npos);
  EXPECT_NE(message_of("[]\n\nx").find("data.json:3: has content after the array's closing ']'"),
            std::string::npos);
  EXPECT_NE(message_of("[{\"conversations\": [] } {}]").find("expected ',' or ']' after element 0"),
            std::string::npos);
  EXPECT_NE(
      message_of("[{\"conversations\": [\"").find("ends inside element 0 (it starts at line 1)"),
      std::string::npos);
  EXPECT_EQ(message_of(""),
            "data.json: is empty; expected a JSON array; each element must be "
            "{\"conversations\": [{\"from\": \"human\", \"value\": \"...\"}, "
            "{\"from\": \"gpt\", \"value\": \"...\"}]}");
}

TEST(ShareGpt, InvalidUtf8NamesTheLineOfTheByteAndTheField) {
  const auto e = error_of([] {
    load_text(
        "[{\"conversations\": []},\n{\"conversations\": [\n{\"from\": \"human\",\n"
        "\"value\": \"caf\xC3\x28\"}]}]");
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(std::string(e->what()),
            "data.json:4: element 1: field \"value\" is not valid UTF-8 (byte 0xC3); save the file "
            "as UTF-8");
  EXPECT_EQ(e->site().line, 4u);
  EXPECT_EQ(e->site().element, 1u);
  EXPECT_EQ(e->field(), "value");
}

TEST(ShareGpt, EmptyOrAllSkippedIsAnError) {
  EXPECT_NE(message_of("[ ]").find("data.json: is an empty array"), std::string::npos);
  EXPECT_NE(message_of("[{\"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}]")
                .find("has no usable row (read 1, skipped: 1 no_answer)"),
            std::string::npos);
  EXPECT_NE(error_of([] { load_sharegpt("/nonexistent/x.json", {}); })->what(),
            std::string("/nonexistent/x.json: cannot be opened"));
}

TEST(ShareGpt, ReaderYieldsEligibleRowsOneByOne) {
  ShareGptReader reader(example("sharegpt-small.json"), {});
  std::size_t n = 0;
  while (const auto row = reader.next()) {
    EXPECT_FALSE(row->prompt.empty());
    ++n;
  }
  EXPECT_EQ(n, 19u);
  EXPECT_EQ(reader.facts().rows_eligible, 19u);
  EXPECT_EQ(reader.facts().sha256.size(), 64u);
}

}  // namespace
}  // namespace sonde::traffic
