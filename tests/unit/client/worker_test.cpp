// Worker over a fake Transport (no sockets): the release rules (rounds, in-flight limit, intended
// instants), deadlines, retries, cancellation and how each TransportOutcome is recorded are the
// Worker's and Transfer's alone, whatever carries the bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <utility>
#include <vector>

#include "client/client.hpp"
#include "client/round_gate.hpp"
#include "client/transfer.hpp"
#include "client/transport.hpp"
#include "client/worker.hpp"

namespace sonde {
namespace {

using namespace std::chrono_literals;

const std::string kStream =
    "data: "
    "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}"
    "]}\n\n"
    "data: "
    "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":"
    "\"length\"}]}\n\n"
    "data: [DONE]\n\n";

// What one attempt does: after `after`, the response (status, bytes) and then the outcome.
struct Step {
  Clock::duration after = 5ms;  // from the attempt's start to its end
  TransportOutcome outcome = TransportOutcome::ok;
  long status = 200;            // 0: no response head arrived
  std::string bytes = kStream;  // body bytes delivered before the outcome
  bool never = false;           // the attempt never ends by itself
};

// What the fake saw, kept by the test (the Worker owns the fake).
struct FakeLog {
  std::vector<std::pair<int, Clock::time_point>> starts;  // (request index, when) per attempt
  std::vector<int> closes;  // request index per close() of a live attempt
  int max_in_flight = 0;    // most attempts live at once
};

class FakeTransport final : public Transport {
 public:
  FakeTransport(TransportSink& sink, std::map<std::pair<int, int>, Step> script, FakeLog& log)
      : sink_(sink), script_(std::move(script)), log_(log) {}

  const char* name() const override { return "fake"; }
  void start(Transfer& t) override {
    const int index = t.request().index;
    const int attempt = ++attempts_[index];
    const Clock::time_point now = Clock::now();
    log_.starts.emplace_back(index, now);
    t.start(now);
    sink_.started(t);
    const auto it = script_.find({index, attempt});
    const Step step = it == script_.end() ? Step{} : it->second;
    live_.push_back({&t, now + step.after, step});
    log_.max_in_flight = std::max(log_.max_in_flight, static_cast<int>(live_.size()));
  }
  void on_event(const epoll_event&) override { ADD_FAILURE() << "the fake registers no socket"; }
  void poll(Clock::time_point now) override {
    std::vector<Live> due;
    for (auto it = live_.begin(); it != live_.end();) {
      if (!it->step.never && now >= it->at) {
        due.push_back(*it);
        it = live_.erase(it);
      } else {
        ++it;
      }
    }
    for (const Live& l : due) {  // ended() may start a retry, which appends to live_
      l.t->assume_status(l.step.status);
      if (!l.step.bytes.empty()) l.t->on_bytes(l.step.bytes, now);
      sink_.ended(*l.t, l.step.outcome, l.step.outcome == TransportOutcome::ok ? "" : "fake failure");
    }
  }
  std::optional<Clock::time_point> due() const override {
    std::optional<Clock::time_point> d;
    for (const Live& l : live_) {
      if (!l.step.never && (!d || l.at < *d)) d = l.at;
    }
    return d;
  }
  void close(Transfer& t) override {
    const auto it =
        std::find_if(live_.begin(), live_.end(), [&](const Live& l) { return l.t == &t; });
    if (it == live_.end()) return;
    log_.closes.push_back(t.request().index);
    live_.erase(it);
  }

 private:
  struct Live {
    Transfer* t;
    Clock::time_point at;
    Step step;
  };
  TransportSink& sink_;
  std::map<std::pair<int, int>, Step> script_;  // by (request index, attempt from 1)
  FakeLog& log_;
  std::map<int, int> attempts_;
  std::vector<Live> live_;
};

PreparedRequest request(int index, int round = 0) {
  PreparedRequest r;
  r.scenario = "s";
  r.index = index;
  r.x_request_id = "req-" + std::to_string(index);
  r.output_tokens_target = 2;
  r.round = round;
  return r;
}

struct Outcome {
  std::vector<RequestRecord> records;  // in emit order
  FakeLog log;
};

// Runs `plan` on one Worker over the fake; `on_record` runs for each record as it is emitted.
Outcome run_fake(const ClientConfig& config, const DispatchPlan& plan,
                 std::map<std::pair<int, int>, Step> script, const CancelToken* cancel = nullptr,
                 const std::function<void(const RequestRecord&)>& on_record = {}) {
  Outcome out;
  RoundGate gate(plan);
  std::vector<std::size_t> mine(plan.requests.size());
  for (std::size_t i = 0; i < mine.size(); ++i) mine[i] = i;
  std::atomic<bool> abort{false};
  const TransportFactory fake = [&](const TransportSetup& setup) {
    return std::make_unique<FakeTransport>(setup.sink, script, out.log);
  };
  Worker w(
      config, plan, mine, plan.max_in_flight, gate, Clock::now(),
      [&](RequestRecord&& r) {
        if (on_record) on_record(r);
        out.records.push_back(std::move(r));
      },
      nullptr, &abort, cancel, fake);
  EXPECT_STREQ(w.transport_name(), "fake");
  w.run();
  return out;
}

ClientConfig config(int retries = 0) {
  ClientConfig c;
  c.timeouts = Timeouts{.connect_s = 5, .first_token_s = 30, .idle_s = 30, .total_s = 60};
  c.retries = retries;
  return c;
}

TEST(WorkerOverAFakeTransport, RecordsAWholeStream) {
  const Outcome o = run_fake(config(), DispatchPlan{.requests = {request(0)}}, {});
  ASSERT_EQ(o.records.size(), 1u);
  EXPECT_TRUE(o.records[0].ok);
  EXPECT_EQ(o.records[0].output_tokens, 2);
  EXPECT_EQ(o.records[0].itl_ms.size(), 1u);
  EXPECT_TRUE(o.log.closes.empty());  // the transport ended it itself
}

TEST(WorkerOverAFakeTransport, RetriesAFailedConnectOnTheSameSlot) {
  const Outcome o = run_fake(
      config(2), DispatchPlan{.requests = {request(0)}},
      {{{0, 1}, Step{.outcome = TransportOutcome::connect_failed, .status = 0, .bytes = ""}},
       {{0, 2}, Step{.outcome = TransportOutcome::connect_timeout, .status = 0, .bytes = ""}}});
  ASSERT_EQ(o.records.size(), 1u);
  const RequestRecord& r = o.records[0];
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.attempts, 3);
  ASSERT_EQ(r.retried_errors.size(), 2u);
  EXPECT_EQ(r.retried_errors[0].kind, ErrorKind::connect);
  EXPECT_EQ(r.retried_errors[1].kind, ErrorKind::timeout_connect);
  EXPECT_EQ(o.log.starts.size(), 3u);
  // The intended start stays the first attempt's, so the retries show as client queueing.
  EXPECT_LE(r.intended_start_ms, r.start_ms);
}

TEST(WorkerOverAFakeTransport, DoesNotRetryWhatTheServerStartedAnswering) {
  const Outcome o = run_fake(config(3), DispatchPlan{.requests = {request(0)}},
                             {{{0, 1},
                               Step{.outcome = TransportOutcome::partial,
                                    .bytes = kStream.substr(0, kStream.find("data: [DONE]"))}}});
  ASSERT_EQ(o.records.size(), 1u);
  ASSERT_TRUE(o.records[0].error);
  EXPECT_EQ(o.records[0].error->kind, ErrorKind::stream_truncated);
  EXPECT_EQ(o.records[0].attempts, 1);
  EXPECT_EQ(o.log.starts.size(), 1u);
}

// Every outcome meets the same classification, whichever transport reported it.
TEST(WorkerOverAFakeTransport, ClassifiesOutcomesIntoRecordedErrorKinds) {
  struct Case {
    Step step;
    const char* kind;
  };
  const std::vector<Case> cases = {
      {Step{.outcome = TransportOutcome::resolve_failed, .status = 0, .bytes = ""}, "connect"},
      {Step{.outcome = TransportOutcome::connect_failed, .status = 0, .bytes = ""}, "connect"},
      {Step{.outcome = TransportOutcome::connect_timeout, .status = 0, .bytes = ""},
       "timeout_connect"},
      {Step{.outcome = TransportOutcome::got_nothing, .status = 0, .bytes = ""},
       "stream_truncated"},
      {Step{.outcome = TransportOutcome::recv_error, .status = 0, .bytes = ""}, "stream_truncated"},
      {Step{.outcome = TransportOutcome::ok, .status = 503, .bytes = R"({"error":{"message":"busy"}})"},
       "http_503"},
      {Step{.outcome = TransportOutcome::partial, .status = 500, .bytes = "{}"}, "http_500"},
      {Step{.outcome = TransportOutcome::ok, .bytes = "data: {}\n\n"}, "stream_truncated"},
      {Step{.outcome = TransportOutcome::bad_reply, .status = 0, .bytes = ""}, "stream_truncated"},
  };
  for (const Case& c : cases) {
    const Outcome o = run_fake(config(), DispatchPlan{.requests = {request(0)}}, {{{0, 1}, c.step}});
    ASSERT_EQ(o.records.size(), 1u);
    ASSERT_TRUE(o.records[0].error) << c.kind;
    EXPECT_EQ(o.records[0].error->kind_name(), c.kind);
  }
  // A reset after [DONE] loses nothing.
  const Outcome o = run_fake(config(), DispatchPlan{.requests = {request(0)}},
                             {{{0, 1}, Step{.outcome = TransportOutcome::recv_error}}});
  EXPECT_TRUE(o.records.at(0).ok);
}

TEST(WorkerOverAFakeTransport, KeepsTheInFlightLimitAndTheRounds) {
  DispatchPlan plan{
      .requests = {request(0), request(1), request(2), request(3, 1), request(4, 1), request(5, 1)},
      .max_in_flight = 2};
  const Outcome o = run_fake(config(), plan, {});
  ASSERT_EQ(o.records.size(), 6u);
  EXPECT_EQ(o.log.max_in_flight, 2);
  // No request of round 1 starts before every request of round 0 was recorded.
  std::vector<int> order;
  for (const auto& [index, when] : o.log.starts) order.push_back(index);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  std::size_t round0_done = 0;
  for (std::size_t i = 0; i < o.records.size(); ++i) {
    if (o.records[i].index < 3) round0_done = i;
  }
  EXPECT_EQ(round0_done, 2u);
}

TEST(WorkerOverAFakeTransport, SendsNoEarlierThanTheIntendedInstant) {
  PreparedRequest late = request(1);
  late.intended_offset_s = 0.05;
  const Clock::time_point before = Clock::now();
  const Outcome o = run_fake(config(), DispatchPlan{.requests = {request(0), late}}, {});
  ASSERT_EQ(o.log.starts.size(), 2u);
  EXPECT_GE(o.log.starts[1].second - before, 50ms);
  EXPECT_NEAR(o.records.at(1).intended_start_ms, 50, 1);
}

TEST(WorkerOverAFakeTransport, EndsASilentAttemptAtItsDeadline) {
  ClientConfig c = config(2);
  c.timeouts.first_token_s = 0.05;
  const Clock::time_point before = Clock::now();
  const Outcome o =
      run_fake(c, DispatchPlan{.requests = {request(0)}}, {{{0, 1}, Step{.never = true}}});
  const auto took = Clock::now() - before;
  ASSERT_EQ(o.records.size(), 1u);
  ASSERT_TRUE(o.records[0].error);
  EXPECT_EQ(o.records[0].error->kind, ErrorKind::timeout_first_token);
  EXPECT_EQ(o.records[0].attempts, 1);           // not retriable: the server may be working on it
  EXPECT_EQ(o.log.closes, std::vector<int>{0});  // the transport let go of it
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, 2s);
}

TEST(WorkerOverAFakeTransport, CancelRecordsWhatIsInFlightWithTheTokensKind) {
  CancelToken cancel;
  DispatchPlan plan{.requests = {request(0), request(1), request(2)}, .max_in_flight = 2};
  const Outcome o =
      run_fake(config(), plan, {{{1, 1}, Step{.never = true}}}, &cancel,
               [&](const RequestRecord&) { cancel.request(ErrorKind::server_died, "enough", 0); });
  ASSERT_EQ(o.records.size(), 2u);  // request 2 was never sent
  EXPECT_TRUE(o.records[0].ok);
  ASSERT_TRUE(o.records[1].error);
  EXPECT_EQ(o.records[1].error->kind, ErrorKind::server_died);
  EXPECT_EQ(o.records[1].error->message, "enough");
  EXPECT_EQ(o.log.closes, std::vector<int>{1});
}

}  // namespace
}  // namespace sonde
