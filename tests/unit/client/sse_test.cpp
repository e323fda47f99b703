#include "client/sse.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sonde {
namespace {

struct Collected {
  std::vector<std::string> events;
  SseParser parser{[this](std::string_view d) { events.emplace_back(d); }};
};

std::vector<std::string> parse_in_pieces(const std::string& stream, std::vector<size_t> cuts) {
  Collected c;
  size_t prev = 0;
  cuts.push_back(stream.size());
  for (size_t cut : cuts) {
    c.parser.feed(std::string_view(stream).substr(prev, cut - prev));
    prev = cut;
  }
  c.parser.finish();
  return c.events;
}

const std::string kStream =
    "data: {\"id\":\"a\",\"choices\":[]}\n\n"
    ": keep-alive comment\n\n"
    "event: message\nid: 7\nretry: 100\ndata: first\ndata:second\n\n"
    "data: [DONE]\n\n";
const std::vector<std::string> kEvents = {"{\"id\":\"a\",\"choices\":[]}", "first\nsecond",
                                          "[DONE]"};

std::string with_endings(const std::string& lf, const std::string& eol) {
  std::string out;
  for (char ch : lf) {
    if (ch == '\n') {
      out += eol;
    } else {
      out += ch;
    }
  }
  return out;
}

TEST(SseParser, WholeStreamInOneRead) { EXPECT_EQ(parse_in_pieces(kStream, {}), kEvents); }

TEST(SseParser, SplitAtEveryBytePositionForEveryLineEnding) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const std::string stream = with_endings(kStream, eol);
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
      EXPECT_EQ(parse_in_pieces(stream, {cut}), kEvents) << "cut at " << cut;
    }
  }
}

TEST(SseParser, OneByteAtATime) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const std::string stream = with_endings(kStream, eol);
    std::vector<size_t> cuts;
    for (size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
    EXPECT_EQ(parse_in_pieces(stream, cuts), kEvents);
  }
}

TEST(SseParser, CrLfSplitBetweenCrAndLfIsOneLineEnd) {
  // A CR at the end of one read and LF at the start of the next must not make a blank line
  // (which would end the event early and split "a\nb" into two events).
  const std::vector<std::string> got = parse_in_pieces("data: a\r\ndata: b\r\n\r\n", {8});
  EXPECT_EQ(got, std::vector<std::string>{"a\nb"});
}

TEST(SseParser, SeveralEventsPerRead) {
  Collected c;
  c.parser.feed("data: 1\n\ndata: 2\n\ndata: 3\n\n");
  EXPECT_EQ(c.events, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(c.parser.events(), 3);
}

TEST(SseParser, OptionalSpaceAfterColonOnlyOneRemoved) {
  EXPECT_EQ(parse_in_pieces("data:x\n\ndata:  y\n\ndata\n\n", {}),
            (std::vector<std::string>{"x", " y", ""}));
}

TEST(SseParser, CommentsAndOtherFieldsAlone) {
  // Comments and non-data fields never produce an event.
  EXPECT_TRUE(parse_in_pieces(": ping\n\nevent: x\n\nid: 3\n\n:\n\n", {}).empty());
}

TEST(SseParser, NoTrailingBlankLineIsDeliveredByFinish) {
  Collected c;
  c.parser.feed("data: {\"a\":1}\n\ndata: [DONE]");
  EXPECT_EQ(c.events.size(), 1u);
  EXPECT_FALSE(c.parser.saw_done());
  c.parser.finish();
  EXPECT_EQ(c.events, (std::vector<std::string>{"{\"a\":1}", "[DONE]"}));
  EXPECT_TRUE(c.parser.saw_done());
}

TEST(SseParser, LastLineTerminatedButNoBlankLine) {
  EXPECT_EQ(parse_in_pieces("data: [DONE]\n", {}), std::vector<std::string>{"[DONE]"});
}

TEST(SseParser, EventSpanningReadsIsCopiedNotDangling) {
  Collected c;
  std::string first = "data: hello\n";  // event still open at the end of this read
  c.parser.feed(first);
  first.assign(first.size(), 'X');  // the caller reuses its buffer (as curl does)
  c.parser.feed("\n");
  EXPECT_EQ(c.events, std::vector<std::string>{"hello"});
}

TEST(SseParser, ResetForgetsPartialState) {
  Collected c;
  c.parser.feed("data: half");
  c.parser.reset();
  c.parser.feed("data: whole\n\n");
  EXPECT_EQ(c.events, std::vector<std::string>{"whole"});
  EXPECT_FALSE(c.parser.saw_done());
}

}  // namespace
}  // namespace sonde
