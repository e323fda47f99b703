#include "report/traffic_section.hpp"

#include <cmath>

#include "analysis/prefix_cache.hpp"
#include "analysis/traffic_shape.hpp"
#include "report/charts.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"
#include "report/traffic_messages.hpp"

namespace sonde::report {
namespace {

// Fewer requests than this on either side and a median says too little to compare.
constexpr int kMinGroup = 3;

bool reads_source(const ScenarioResult& sc) { return sc.source || sc.shared_prefix; }

std::string kind_of(const ScenarioResult& sc) {
  return sc.source ? sc.source->kind : std::string("shared_prefix");
}

std::vector<RequestRecord> records_of(const ScenarioResult& sc,
                                      const std::vector<RequestRecord>& all) {
  std::vector<RequestRecord> out;
  for (const RequestRecord& r : all) {
    if (r.scenario == sc.spec.name) out.push_back(r);
  }
  return out;
}

std::string triple(const LengthRange& r) {
  return integer(r.min) + " / " + integer(r.p50) + " / " + integer(r.max);
}

// "75.0% faster" / "12.5% slower": the change in TTFT p50 with prefix-cache hits.
std::string change_text(double change, const TrafficMessages& t) {
  const std::string pct = number(std::fabs(change) * 100.0, 1);
  return change <= 0 ? t.faster.format(arg<"pct">(pct)) : t.slower.format(arg<"pct">(pct));
}

void length_lines(const ScenarioResult& sc, const std::vector<RequestRecord>* records,
                  const TrafficMessages& t, std::vector<doc::ListItem>& items) {
  if (!records) {
    if (sc.source) {
      items.push_back(
          {t.input_line_no_records.format(arg<"target">(triple(sc.source->input_tokens_target))), {}});
    }
    return;
  }
  const analysis::ScenarioLengths l = analysis::scenario_lengths(*records);
  if (l.input_target.empty()) return;
  items.push_back({t.input_line.format(arg<"target">(triple(length_range(l.input_target))),
                                       arg<"sent">(triple(length_range(l.input_sent)))),
                   {}});
  items.push_back({t.output_line.format(arg<"target">(triple(length_range(l.output_target))),
                                        arg<"counted">(triple(length_range(l.output_counted)))),
                   {}});
}

void cache_lines(const ScenarioResult& sc, const std::vector<RequestRecord>* records,
                 const TrafficMessages& t, std::vector<doc::ListItem>& items) {
  static const std::vector<RequestRecord> kNone;
  const analysis::PrefixCacheView v = analysis::prefix_cache_view(sc, records ? *records : kNone);
  const std::string server = v.server_hits && v.server_queries
                                 ? t.cache_server.format(arg<"rate">(percent(v.server_rate)),
                                                         arg<"hits">(integer(*v.server_hits)),
                                                         arg<"queries">(integer(*v.server_queries)))
                                 : std::string(kMissing);
  const std::string per_request =
      v.reporting > 0 ? t.cache_per_request.format(arg<"rate">(percent(v.per_request_rate)),
                                                   arg<"cached">(integer(v.cached_tokens)),
                                                   arg<"n">(v.reporting))
                      : std::string(kMissing);
  doc::ListItem item{t.cache_line.format(arg<"expected">(percent(v.expected_rate)),
                                         arg<"server">(server), arg<"per_request">(per_request)),
                     {}};
  if (!std::isfinite(v.expected_rate)) item.details.push_back(t.cache_no_expectation);
  if (!records) {
    item.details.push_back(t.cache_no_records);
  } else if (v.reporting == 0) {
    item.details.push_back(t.cache_no_details);
  } else if (v.server_hits) {
    item.details.push_back(*v.server_hits == v.cached_tokens
                               ? t.cache_agree.format(arg<"hits">(integer(*v.server_hits)))
                               : t.cache_differ.format(arg<"hits">(integer(*v.server_hits)),
                                                       arg<"cached">(integer(v.cached_tokens))));
  }
  items.push_back(std::move(item));
}

void bought_line(const std::vector<RequestRecord>* records, const TrafficMessages& t,
                 std::vector<doc::ListItem>& items) {
  if (!records) return;
  const analysis::HitSplit s = analysis::hit_split(*records);
  if (s.with_hits + s.without_hits == 0) {
    items.push_back({t.bought_unknown, {}});
    return;
  }
  std::vector<std::string> details;
  if (s.unknown > 0) details.push_back(t.bought_unknown_some.format(arg<"n">(s.unknown)));
  const auto change = analysis::ttft_change_with_hits(s, kMinGroup);
  if (!change) {
    items.push_back({t.bought_too_few.format(arg<"n_with">(s.with_hits),
                                             arg<"n_without">(s.without_hits), arg<"min">(kMinGroup)),
                     std::move(details)});
    return;
  }
  items.push_back(
      {t.bought.format(
           arg<"with">(autonum(s.ttft_p50_with)), arg<"n_with">(s.with_hits),
           arg<"cached">(number(s.cached_p50_with, 0)), arg<"in_with">(number(s.input_p50_with, 0)),
           arg<"without">(autonum(s.ttft_p50_without)), arg<"n_without">(s.without_hits),
           arg<"in_without">(number(s.input_p50_without, 0)), arg<"change">(change_text(*change, t))),
       std::move(details)});
}

void scenario_blocks(const ScenarioResult& sc, const std::vector<RequestRecord>* all,
                     const TrafficMessages& t, bool charts, std::vector<doc::Block>& out) {
  out.push_back(doc::Heading{
      3, t.scenario_heading.format(arg<"name">(sc.spec.name), arg<"kind">(kind_of(sc)))});
  std::optional<std::vector<RequestRecord>> own;
  if (all) own = records_of(sc, *all);
  const std::vector<RequestRecord>* records = own ? &*own : nullptr;
  doc::List list;
  if (sc.source) {
    list.items.push_back(
        {t.file_line.format(arg<"path">(sc.source->path),
                            arg<"used">(integer(int64_t(sc.source->rows_used))),
                            arg<"skipped">(integer(int64_t(sc.source->rows_skipped)))),
         {}});
  } else if (const auto* sp = std::get_if<SharedPrefixSource>(&sc.spec.source)) {
    list.items.push_back(
        {t.shared_line.format(arg<"groups">(sp->groups), arg<"per_group">(sp->requests_per_group),
                              arg<"prefix_min">(integer(sc.shared_prefix->prefix_tokens_min)),
                              arg<"prefix_max">(integer(sc.shared_prefix->prefix_tokens_max))),
         {}});
  }
  length_lines(sc, records, t, list.items);
  cache_lines(sc, records, t, list.items);
  const bool trace = sc.source && (sc.source->kind == "mooncake" || sc.source->kind == "azure");
  if (trace && sc.summary.client_queue_ms.count > 0) {
    const Distribution& lag = sc.summary.client_queue_ms;
    doc::ListItem item{t.lag_line.format(arg<"p50">(autonum(lag.p50)), arg<"p99">(autonum(lag.p99)),
                                         arg<"max">(autonum(lag.max)), arg<"n">(lag.count)),
                       {}};
    if (records) {
      const int cap = sc.spec.max_concurrency;
      const analysis::LateStarts late = analysis::late_starts(*records, cap);
      if (late.late > 0 && cap > 0) {
        item.details.push_back(t.lag_cap.format(arg<"late">(late.late),
                                                arg<"at_cap">(late.at_the_cap), arg<"cap">(cap),
                                                arg<"own">(late.late - late.at_the_cap)));
      } else if (late.late > 0) {
        item.details.push_back(t.lag_own.format(arg<"late">(late.late)));
      }
    }
    list.items.push_back(std::move(item));
  }
  bought_line(records, t, list.items);
  out.push_back(std::move(list));
  if (charts && records) {
    doc::Figures figures;
    figures.figures = traffic_figures(sc, *records, t);
    if (!figures.figures.empty()) out.push_back(std::move(figures));
  }
}

}  // namespace

std::optional<doc::Section> traffic_section(const RunResult& run,
                                            const std::vector<RequestRecord>* records, Lang lang,
                                            bool charts) {
  const TrafficMessages& t = traffic_messages(lang);
  doc::Section section{
      "sources", t.heading, {doc::Paragraph{t.intro}, doc::Paragraph{t.lengths_triple}}};
  bool any = false;
  for (const ScenarioResult& sc : run.scenarios) {
    if (!reads_source(sc)) continue;
    any = true;
    scenario_blocks(sc, records, t, charts, section.blocks);
  }
  if (!any) return std::nullopt;
  return section;
}

std::vector<std::string> traffic_conclusions(const RunResult& run,
                                             const std::vector<RequestRecord>* records, Lang lang) {
  std::vector<std::string> out;
  if (!records) return out;
  const TrafficMessages& t = traffic_messages(lang);
  for (const ScenarioResult& sc : run.scenarios) {
    if (!reads_source(sc)) continue;
    const analysis::HitSplit s = analysis::hit_split(records_of(sc, *records));
    const auto change = analysis::ttft_change_with_hits(s, kMinGroup);
    if (!change) continue;
    out.push_back(t.concl_bought.format(
        arg<"name">(sc.spec.name), arg<"change">(change_text(*change, t)),
        arg<"with">(autonum(s.ttft_p50_with)), arg<"n_with">(s.with_hits),
        arg<"without">(autonum(s.ttft_p50_without)), arg<"n_without">(s.without_hits)));
  }
  return out;
}

}  // namespace sonde::report
