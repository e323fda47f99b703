#include <gtest/gtest.h>

#include <sstream>

#include "test_input.hpp"
#include "traffic/azure_time.hpp"
#include "traffic/trace.hpp"

namespace sonde::traffic {
namespace {

using test::error_of;
using test::example;

Trace load_text(const std::string& text, TraceOptions options = {}) {
  std::istringstream in(text);
  auto reader = open_azure(in, "azure.csv", options);
  return read_trace(*reader);
}

std::string message_of(const std::string& text) {
  const auto e = error_of([&] { load_text(text); });
  return e ? e->what() : "";
}

const std::string kHeader = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
const std::string kHint =
    "; the file must start with the header TIMESTAMP,ContextTokens,GeneratedTokens and each row "
    "look like 2023-11-16 18:15:46.6805900,4808,10";

TEST(AzureTime, SevenDigitFractionsAndCalendar) {
  EXPECT_EQ(parse_azure_timestamp_ns("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(parse_azure_timestamp_ns("1970-01-02 00:00:01.5"), 86401500000000);
  // 2023-11-16 18:15:46 UTC is 1700158546 s since the epoch.
  EXPECT_EQ(parse_azure_timestamp_ns("2023-11-16 18:15:46.6805900"), 1700158546680590000);
  EXPECT_EQ(parse_azure_timestamp_ns("2023-11-16T18:15:46.0000001"), 1700158546000000100);
  EXPECT_EQ(parse_azure_timestamp_ns("2023-11-16 18:15:46.1234567891"), 1700158546123456789);
  EXPECT_TRUE(parse_azure_timestamp_ns("2024-02-29 00:00:00"));
  for (const char* bad :
       {"2023-02-29 00:00:00", "2023-13-01 00:00:00", "2023-11-16 24:00:00", "2023-11-16 18:15",
        "2023-11-16 18:15:46.", "2023-11-16 18:15:46.12x", "2023/11/16 18:15:46", "", "1700158546",
        "4046-11-16 18:15:46", "1969-12-31 23:59:59"}) {
    EXPECT_FALSE(parse_azure_timestamp_ns(bad)) << bad;
  }
}

TEST(Azure, ExampleFile) {
  auto reader = open_trace(TraceFormat::azure, example("azure-small.csv"), {});
  const Trace t = read_trace(*reader);
  ASSERT_EQ(t.rows.size(), 50u);
  EXPECT_EQ(t.rows[0].arrival_ms, 0.0);
  EXPECT_EQ(t.rows[0].line, 2u);
  EXPECT_EQ(t.rows[0].input_tokens, 7102);
  EXPECT_NEAR(t.rows[1].arrival_ms, 310.5003, 1e-9);
  EXPECT_EQ(t.rows[0].output_tokens, 574);
  EXPECT_TRUE(t.rows[0].hash_ids.empty());
  for (std::size_t i = 1; i < t.rows.size(); ++i)
    EXPECT_GE(t.rows[i].arrival_ms, t.rows[i - 1].arrival_ms);
  EXPECT_GT(t.rows.back().arrival_ms, 1000.0);
}

TEST(Azure, RelativeMillisecondsAndMaxRequests) {
  const std::string text = kHeader +
                           "2023-11-16 18:15:46.6805900,4808,10\r\n"
                           "2023-11-16 18:15:47.0000000,100,5\r\n"
                           "2023-11-16 18:16:00.1234567,7,1\r\n";
  const Trace t = load_text(text);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_NEAR(t.rows[1].arrival_ms, 319.41, 1e-9);
  EXPECT_NEAR(t.rows[2].arrival_ms, 13442.8667, 1e-9);
  const Trace two = load_text(text, {.max_requests = 2});
  EXPECT_EQ(two.rows.size(), 2u);
  EXPECT_EQ(two.facts.rows_seen, 2u);
  EXPECT_EQ(two.facts.bytes, text.size());  // finish() hashed the rest
  // Columns in another order, extra ones ignored, a byte-order mark.
  const Trace reordered = load_text(
      "\xEF\xBB\xBFGeneratedTokens,x,TIMESTAMP,ContextTokens\n3,y,2023-11-16 18:15:46,9\n");
  EXPECT_EQ(reordered.rows[0].input_tokens, 9);
  EXPECT_EQ(reordered.rows[0].output_tokens, 3);
}

TEST(Azure, Errors) {
  const std::string row = "2023-11-16 18:15:46.6805900,4808,10\n";
  EXPECT_EQ(message_of(kHeader + row + "2023-11-16 18:15:46.1000000,1,1\n"),
            "azure.csv:3: field \"TIMESTAMP\" goes backwards (580.590 ms before line 2); sort the "
            "trace by timestamp");
  EXPECT_EQ(message_of(kHeader + row + "2023-11-16 18:15:47,-5,1\n"),
            "azure.csv:3: field \"ContextTokens\" must not be negative (got -5)" + kHint);
  EXPECT_EQ(message_of(kHeader + "2023-11-16 18:15:47,5,ten\n"),
            "azure.csv:2: field \"GeneratedTokens\" must be a whole number (got \"ten\")" + kHint);
  EXPECT_EQ(message_of(kHeader + "16/11/2023 18:15,5,1\n"),
            "azure.csv:2: field \"TIMESTAMP\" must look like 2023-11-16 18:15:46.6805900 (got "
            "\"16/11/2023 18:15\")" +
                kHint);
  EXPECT_EQ(message_of(kHeader + "2023-11-16 18:15:47,5\n"),
            "azure.csv:2: has 2 columns; the header has 3" + kHint);
  EXPECT_EQ(message_of("TIMESTAMP,Context,GeneratedTokens\n" + row),
            "azure.csv:1: field \"ContextTokens\" is missing from the header "
            "\"TIMESTAMP,Context,GeneratedTokens\"" +
                kHint);
  EXPECT_EQ(message_of(""), "azure.csv: is empty" + kHint);
  EXPECT_EQ(message_of(kHeader),
            "azure.csv: has no request rows; a trace needs at least one row "
            "after its header (if any)");
  EXPECT_NE(message_of(kHeader + "2023-11-16 18:15:47,\xFF,1\n").find("(got \"\\xFF\")"),
            std::string::npos);
  EXPECT_NE(message_of(kHeader + "4046-11-16 18:15:47,1,1\n")
                .find("azure.csv:2: field \"TIMESTAMP\" must look like"),
            std::string::npos);
  EXPECT_EQ(std::string(error_of([] { open_azure(SONDE_SOURCE_DIR, {}); })->what()),
            std::string(SONDE_SOURCE_DIR) + ": is a directory; give the path of a file");
}

}  // namespace
}  // namespace sonde::traffic
