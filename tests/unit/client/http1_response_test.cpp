// Http1Response: framing (chunked, Content-Length, until close, no body), keep-alive, interim 1xx,
// protocol errors and reuse, with every response giving the same result however reads split it.
#include "client/http1_response.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sonde {
namespace {

struct Outcome {
  std::string body;
  int status = 0;
  bool head_done = false, complete = false, failed = false, reusable = false;
  int64_t body_bytes = 0;
  std::string error;

  std::string str() const {
    return "status=" + std::to_string(status) + " head_done=" + std::to_string(head_done) +
           " complete=" + std::to_string(complete) + " failed=" + std::to_string(failed) +
           " reusable=" + std::to_string(reusable) + " body_bytes=" + std::to_string(body_bytes) +
           " error=" + error + " body=" + body;
  }
};

// Feeds `wire` to `p` in the reads that `cuts` (ascending offsets) mark, the way the transport
// does (next_body until each read is used up; an empty read is passed once), then eof() if `close`.
Outcome feed(Http1Response& p, std::string_view wire, std::vector<size_t> cuts, bool close) {
  Outcome o;
  size_t prev = 0;
  cuts.push_back(wire.size());
  for (size_t cut : cuts) {
    std::string_view in = wire.substr(prev, cut - prev);
    prev = cut;
    do {
      const std::string_view before = in;
      const std::string_view b = p.next_body(in);
      // The body is a view into the bytes consumed, never a copy.
      EXPECT_TRUE(b.empty() || (b.data() >= before.data() &&
                                b.data() + b.size() <= before.data() + before.size() - in.size()));
      if (!before.empty() && in.size() == before.size()) {
        ADD_FAILURE() << "next_body made no progress";
        break;
      }
      o.body.append(b);
    } while (!in.empty());
  }
  if (close) p.eof();
  o.status = p.status();
  o.head_done = p.head_done();
  o.complete = p.complete();
  o.failed = p.failed();
  o.reusable = p.reusable();
  o.body_bytes = p.body_bytes();
  o.error = p.error();
  return o;
}

Outcome parse(std::string_view wire, std::vector<size_t> cuts = {}, bool close = false) {
  Http1Response p;
  return feed(p, wire, std::move(cuts), close);
}

std::vector<size_t> every_byte(size_t n) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < n; ++i) cuts.push_back(i);
  return cuts;
}

struct Valid {
  const char* name;
  std::string wire;
  int status;
  std::string body;
  bool until_close;  // no length: the body ends when the peer closes (eof())
  bool reusable;
};

const std::vector<Valid> kValid = {
    {"chunked with extensions, hex case, trailers",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
     "5\r\nhello\r\n1;x=y\r\n \r\nA\r\n0123456789\r\na; name=\"v\"\r\nabcdefghij\r\n"
     "0\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n",
     200, "hello 0123456789abcdefghij", false, true},
    {"chunked SSE",
     "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
     "f\r\ndata: {\"a\":1}\n\n\r\nE\r\ndata: [DONE]\n\n\r\n0\r\n\r\n",
     200, "data: {\"a\":1}\n\ndata: [DONE]\n\n", false, true},
    {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "hello", false, true},
    {"content-length padded", "HTTP/1.1 201 Created\r\nContent-Length:   3  \r\n\r\nabc", 201,
     "abc", false, true},
    {"same content-length twice",
     "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", 200, "ok", false, true},
    {"until close", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstreamed until close", 200,
     "streamed until close", true, false},
    {"content-length 0", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, "", false, true},
    {"204", "HTTP/1.1 204 No Content\r\n\r\n", 204, "", false, true},
    {"304 with content-length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 304, "",
     false, true},
    {"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi", 200, "hi", false, false},
    {"http/1.0 keep-alive",
     "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi", 200, "hi", false,
     true},
    {"connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi", 200,
     "hi", false, false},
    {"gzip, chunked",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n", 200, "xyz",
     false, true},
    {"gzip alone ignores content-length",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabcdef", 200, "abcdef",
     true, false},
    {"chunked wins over content-length",
     "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: "
     "chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
     200, "ok", false, true},
    {"header names and values any case",
     "HTTP/1.1 200 OK\r\ntRANSFER-eNCODING: CHUNKED\r\nCONNECTION: "
     "Close\r\n\r\n4\r\nbody\r\n0\r\n\r\n",
     200, "body", false, false},
    {"http/1.0 keep-alive any case",
     "HTTP/1.0 200 OK\r\nconnection: KEEP-ALIVE\r\ncontent-LENGTH: 1\r\n\r\nx", 200, "x", false, true},
    {"100 continue skipped",
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone", 200, "done",
     false, true},
    {"interim responses with headers skipped",
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
     "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nnah\r\n0\r\n\r\n",
     404, "nah", false, true},
};

// The decisive property: where the reads end never changes what the caller gets.
TEST(Http1Response, EveryValidResponseParsesTheSameHoweverSplit) {
  for (const Valid& v : kValid) {
    SCOPED_TRACE(v.name);
    Outcome want;
    want.body = v.body;
    want.status = v.status;
    want.head_done = want.complete = true;
    want.reusable = v.reusable;
    want.body_bytes = static_cast<int64_t>(v.body.size());
    EXPECT_EQ(parse(v.wire, {}, v.until_close).str(), want.str());
    EXPECT_EQ(parse(v.wire, every_byte(v.wire.size()), v.until_close).str(), want.str());
    for (size_t cut = 0; cut <= v.wire.size(); ++cut) {
      EXPECT_EQ(parse(v.wire, {cut}, v.until_close).str(), want.str()) << "cut at " << cut;
    }
  }
}

TEST(Http1Response, BodyDelimitedByCloseCompletesOnlyAtEof) {
  for (const Valid& v : kValid) {
    if (!v.until_close) continue;
    SCOPED_TRACE(v.name);
    Http1Response p;
    const Outcome open = feed(p, v.wire, {}, false);
    EXPECT_TRUE(open.head_done);
    EXPECT_FALSE(open.complete);
    EXPECT_FALSE(open.reusable);
    EXPECT_EQ(open.body, v.body);
    p.eof();
    EXPECT_TRUE(p.complete());
    EXPECT_FALSE(p.reusable());
  }
}

TEST(Http1Response, EofBeforeTheEndIsNotComplete) {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  for (size_t cut : {size_t{0}, size_t{10}, wire.size() - 1}) {
    const Outcome o = parse(wire.substr(0, cut), {}, true);
    EXPECT_FALSE(o.complete) << cut;
    EXPECT_FALSE(o.failed) << cut;
  }
  EXPECT_FALSE(parse(wire, {}, true).reusable);  // complete, but the peer closed
}

struct Bad {
  const char* name;
  std::string wire;
  const char* error;  // a substring of error()
};

const std::string kOk = "HTTP/1.1 200 OK\r\n";
const std::string kChunked = kOk + "Transfer-Encoding: chunked\r\n\r\n";

const std::vector<Bad> kBad = {
    {"not http", "garbage\r\n\r\n", "not an HTTP/1.x response"},
    {"not http, long first line", "SSH-2.0-OpenSSH_9.6 hello\r\n\r\n", "not an HTTP/1.x response"},
    {"status not a number", "HTTP/1.1 2x0 OK\r\n\r\n", "bad status line"},
    {"status two digits", "HTTP/1.1 99 OK\r\n\r\n", "bad status line"},
    {"content-length abc", kOk + "Content-Length: abc\r\n\r\n", "bad Content-Length"},
    {"content-length -1", kOk + "Content-Length: -1\r\n\r\n", "bad Content-Length"},
    {"content-length empty", kOk + "Content-Length:\r\n\r\n", "bad Content-Length"},
    {"content-length twice, different", kOk + "Content-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
     "bad Content-Length"},
    {"chunk size zz", kChunked + "zz\r\nabc\r\n0\r\n\r\n", "bad chunk size"},
    {"chunk size empty", kChunked + "\r\n", "bad chunk size"},
    {"chunk data too long", kChunked + "5\r\nhelloXX\r\n0\r\n\r\n",
     "chunk data longer than its size"},
    {"101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "switched protocols"},
    {"head over 64 KiB, no terminator", kOk + "X-Big: " + std::string(65 * 1024, 'a'), "64 KiB"},
    {"head over 64 KiB, terminated", kOk + "X-Big: " + std::string(65 * 1024, 'a') + "\r\n\r\n",
     "64 KiB"},
    {"chunk-size line over 8 KiB, no newline", kChunked + "5;" + std::string(9 * 1024, 'x'),
     "8 KiB"},
    {"chunk-size line over 8 KiB, terminated",
     kChunked + "5;" + std::string(9 * 1024, 'x') + "\r\nhello\r\n0\r\n\r\n", "8 KiB"},
};

TEST(Http1Response, MalformedResponsesFailWithAReasonHoweverSplit) {
  for (const Bad& b : kBad) {
    SCOPED_TRACE(b.name);
    const Outcome whole = parse(b.wire);
    EXPECT_TRUE(whole.failed);
    EXPECT_FALSE(whole.complete);
    EXPECT_FALSE(whole.reusable);
    EXPECT_NE(whole.error.find(b.error), std::string::npos) << whole.error;
    // Split anywhere (a sample of positions for the long ones) or byte by byte: the same failure.
    const size_t step = b.wire.size() / 300 + 1;
    for (size_t cut = 0; cut <= b.wire.size(); cut += step) {
      EXPECT_EQ(parse(b.wire, {cut}).str(), whole.str()) << "cut at " << cut;
    }
    EXPECT_EQ(parse(b.wire, every_byte(b.wire.size())).str(), whole.str());
  }
}

TEST(Http1Response, NoBytesAreTakenAfterAFailure) {
  Http1Response p;
  std::string_view in = "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nbody";
  EXPECT_TRUE(p.next_body(in).empty());
  EXPECT_TRUE(in.empty());
  EXPECT_TRUE(p.failed());
  std::string_view more = "more";
  EXPECT_TRUE(p.next_body(more).empty());
  EXPECT_EQ(p.body_bytes(), 0);
}

TEST(Http1Response, BytesAfterACompleteResponseMakeItNotReusable) {
  for (const std::string& wire :
       {kOk + "Content-Length: 2\r\n\r\nhi", kChunked + "2\r\nhi\r\n0\r\n\r\n",
        std::string("HTTP/1.1 204 No Content\r\n\r\n")}) {
    SCOPED_TRACE(wire);
    const Outcome same_read = parse(wire + "HTTP/1.1 200 OK\r\n");
    EXPECT_TRUE(same_read.complete);
    EXPECT_FALSE(same_read.reusable);
    EXPECT_EQ(same_read.body, wire.find("hi") == std::string::npos ? "" : "hi");

    Http1Response p;
    EXPECT_TRUE(feed(p, wire, {}, false).reusable);
    const Outcome later = feed(p, "x", {}, false);  // a stray byte in a later read
    EXPECT_TRUE(later.complete);
    EXPECT_FALSE(later.reusable);
    EXPECT_EQ(later.body, "");
  }
}

TEST(Http1Response, ResetThenASecondResponseOnTheSameConnection) {
  Http1Response p;
  const Outcome first = feed(p, kValid[0].wire, {}, false);
  EXPECT_TRUE(first.reusable);
  for (const Valid& v : kValid) {
    SCOPED_TRACE(v.name);
    p.reset();
    EXPECT_FALSE(p.head_done());
    EXPECT_EQ(p.status(), 0);
    EXPECT_EQ(p.body_bytes(), 0);
    EXPECT_EQ(feed(p, v.wire, {7}, v.until_close).str(), parse(v.wire, {}, v.until_close).str());
  }
  // After a failure or halfway through a chunk, too.
  for (const std::string& half :
       {std::string("garbage\r\n\r\n"), kChunked + "5\r\nhel", kChunked + "5;ext",
        kOk + "Content-Length: 9\r\n\r\nabc", kOk + "X-Partial: 1\r\n"}) {
    SCOPED_TRACE(half);
    feed(p, half, {}, false);
    p.reset();
    EXPECT_FALSE(p.failed());
    EXPECT_EQ(p.error(), "");
    EXPECT_EQ(feed(p, kValid[0].wire, {}, false).str(), parse(kValid[0].wire).str());
  }
}

TEST(Http1Response, BodyBytesCountsDecodedBytesOnly) {
  Http1Response p;
  std::string_view in = kChunked;
  EXPECT_TRUE(p.next_body(in).empty());
  EXPECT_TRUE(p.head_done());
  EXPECT_EQ(p.body_bytes(), 0);
  in = "a\r\n0123456789\r\n3;ext=1\r\nabc\r\n";
  std::string body;
  while (!in.empty()) body += p.next_body(in);
  EXPECT_EQ(body, "0123456789abc");
  EXPECT_EQ(p.body_bytes(), 13);
  EXPECT_FALSE(p.complete());
  in = "0\r\nTrailer: abcdefgh\r\n\r\n";
  while (!in.empty()) body += p.next_body(in);
  EXPECT_TRUE(p.complete());
  EXPECT_EQ(p.body_bytes(), 13);
}

TEST(Http1Response, StatusIsKnownOnceTheHeadIsAndNotForAnInterimOne) {
  Http1Response p;
  std::string_view in = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\n";
  EXPECT_TRUE(p.next_body(in).empty());
  EXPECT_FALSE(p.head_done());
  EXPECT_EQ(p.status(), 0);
  in = "Content-Length: 1\r\n\r\n";
  EXPECT_TRUE(p.next_body(in).empty());
  EXPECT_TRUE(p.head_done());
  EXPECT_EQ(p.status(), 503);
  EXPECT_FALSE(p.complete());
}

}  // namespace
}  // namespace sonde
