// Error kinds are an enum in code and the names of docs/metrics.md in files: every kind must come
// back as itself, and a requests.jsonl that names an unknown kind must stop a rebuild clearly.
#include "results/error_kind.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "results/journal.hpp"
#include "results/json.hpp"
#include "support/test_files.hpp"
#include "synth_run.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(ErrorKind, NamesAreTheDocumentedOnes) {
  std::vector<std::string> names;
  for (const ErrorKind k : kAllErrorKinds) names.push_back(error_kind_name(k, 503));
  EXPECT_EQ(names, (std::vector<std::string>{"connect", "timeout_connect", "timeout_first_token",
                                             "timeout_idle", "timeout_total", "http_503",
                                             "stream_error", "stream_truncated", "malformed_chunk",
                                             "cancelled", "server_died"}));
  // The status only shapes the http name.
  EXPECT_EQ("timeout_idle", error_kind_name(ErrorKind::timeout_idle, 200));
  EXPECT_EQ("http_429", error_kind_name(ErrorKind::http, 429));
}

TEST(ErrorKind, EveryKindRoundTripsNameParseName) {
  for (const ErrorKind k : kAllErrorKinds) {
    for (const int status : {400, 429, 500, 503}) {
      const std::string name = error_kind_name(k, status);
      int parsed_status = 0;
      const auto back = parse_error_kind(name, parsed_status);
      ASSERT_TRUE(back) << name;
      EXPECT_EQ(k, *back) << name;
      EXPECT_EQ(name, error_kind_name(*back, parsed_status)) << name;
      if (k == ErrorKind::http) {
        EXPECT_EQ(status, parsed_status);
      }
    }
  }
}

TEST(ErrorKind, ParseRejectsUnknownNames) {
  for (const char* bad : {"", "unknown", "timeout", "http", "http_", "http_5x3", "http_0503",
                          "http_-1", "HTTP_503", "Connect", "connect ", "stopped_by_rule"}) {
    int status = 7;
    EXPECT_FALSE(parse_error_kind(bad, status)) << bad;
    EXPECT_EQ(7, status) << bad;  // untouched when the name is not understood
  }
}

TEST(ErrorKind, ListForMessagesNamesEveryKind) {
  const std::string all = error_kind_names();
  EXPECT_NE(std::string::npos, all.find("http_<status>"));
  EXPECT_NE(std::string::npos, all.find("server_died"));
  EXPECT_NE(std::string::npos, all.find("timeout_first_token"));
}

TEST(ErrorKindJson, WritesTheNameAndReadsTheEnumBack) {
  const RequestError e{ErrorKind::http, 503, "busy"};
  const json j = e;
  EXPECT_EQ(R"({"http_status":503,"kind":"http_503","message":"busy"})", j.dump());
  const auto back = json::parse(j.dump()).get<RequestError>();
  EXPECT_EQ(ErrorKind::http, back.kind);
  EXPECT_EQ(503, back.http_status);
  EXPECT_EQ("busy", back.message);
  // A status beside a non-http kind (a stream cut off after 200) is kept as written.
  const auto cut =
      json::parse(R"({"kind":"stream_truncated","http_status":200})").get<RequestError>();
  EXPECT_EQ(ErrorKind::stream_truncated, cut.kind);
  EXPECT_EQ(200, cut.http_status);
  EXPECT_EQ("", cut.message);
}

TEST(ErrorKindJson, HttpStatusMissingIsTakenFromTheName) {
  const auto e = json::parse(R"({"kind":"http_502"})").get<RequestError>();
  EXPECT_EQ(ErrorKind::http, e.kind);
  EXPECT_EQ(502, e.http_status);
}

TEST(ErrorKindJson, UnknownKindIsAUsageErrorNamingIt) {
  try {
    (void)json::parse(R"({"kind":"melted","http_status":0})").get<RequestError>();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(ExitCode::usage, e.code());
    EXPECT_NE(std::string::npos, std::string(e.what()).find("unknown error kind 'melted'"))
        << e.what();
    EXPECT_NE(std::string::npos, std::string(e.what()).find("timeout_idle")) << e.what();
  }
  EXPECT_THROW((void)json::parse(R"({"kind":"http_503","http_status":500})").get<RequestError>(),
               Error);
}

TEST(ErrorKindJournal, AnUnknownKindStopsTheReadNamingFileAndLine) {
  const fs::path p = test::fresh_dir("error_kind_journal") / "requests.jsonl";
  const RequestRecord failed = testing::synth_failed(
      testing::spec("a", 100, 4, LoadShape::closed, 1, 1), 0, 10, "timeout_first_token");
  json bad = failed;
  bad["error"]["kind"] = "timeout_coffee";
  {
    std::ofstream out(p);
    out << json(failed).dump() << "\n" << bad.dump() << "\n";
  }
  try {
    (void)read_journal(p);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(ExitCode::usage, e.code());
    EXPECT_NE(std::string::npos, what.find(p.string() + ":2: unknown error kind 'timeout_coffee'"))
        << what;
  }
}

TEST(ErrorKindJournal, EveryKindSurvivesAJournalRoundTripByteForByte) {
  const fs::path p = test::fresh_dir("error_kind_journal_rt") / "requests.jsonl";
  std::vector<RequestRecord> recs;
  for (const ErrorKind k : kAllErrorKinds) {
    RequestRecord r = testing::synth_failed(testing::spec("a", 100, 4, LoadShape::closed, 1, 1),
                                            static_cast<int>(recs.size()), 10, "connect");
    r.error = RequestError{k, k == ErrorKind::http ? 504 : 200, "m"};
    recs.push_back(r);
  }
  {
    JournalWriter w(p);
    for (const auto& r : recs) w.append(r);
  }
  const JournalContents back = read_journal(p);
  ASSERT_EQ(recs.size(), back.records.size());
  for (std::size_t i = 0; i < recs.size(); ++i) {
    EXPECT_EQ(json(recs[i]).dump(), json(back.records[i]).dump()) << i;
    EXPECT_EQ(recs[i].error->kind, back.records[i].error->kind) << i;
  }
}

}  // namespace
}  // namespace sonde
