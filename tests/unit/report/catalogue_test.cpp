// Every sentence of every report catalogue, rendered in both languages. The compiler already
// checks each string against its field's declared placeholders (util/message.hpp); this renders
// them all with the arguments the type declares and checks the result reads as a sentence: not
// empty, no {placeholder} left, and every argument's value in it. Plain Text fields must not
// hold a brace (they are printed as they are, never formatted).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "report/findings_messages.hpp"
#include "report/messages.hpp"
#include "report/sweep_messages.hpp"
#include "report/traffic_messages.hpp"

namespace sonde {
namespace {

// The fields of each catalogue, in declaration order. The static_asserts below fail the build
// when a field is added to a catalogue and not here.
// One field name after another, as the structs list them: not for clang-format to reflow.
// clang-format off
#define SONDE_RUN_REPORT_FIELDS(X) \
  X(title) X(sim_banner) X(sim_detected) X(incomplete) X(invalid_banner) X(invalid_no_success) \
  X(invalid_too_many) X(run_meta) X(warn_heading) X(warn_prefix) \
  X(warn_prefix_item) X(warn_prefix_intended) X(warn_prefix_shared) X(warn_prefix_trace) \
  X(warn_prefix_conversation) X(warn_preempt) X(warn_preempt_item) \
  X(warn_vram_none) X(warn_vram_some) X(vram_why_no_source) X(vram_why_no_gpu) X(vram_why_remote) \
  X(vram_why_no_reading) X(vram_last_error) X(hint_gpu_url) X(warn_metrics_none) \
  X(warn_metrics_some) X(warn_reset) X(env_heading) X(env_cpu) X(env_ram) X(env_gpu) X(env_vram) \
  X(env_gpu_count) X(env_os) X(env_cuda) X(env_driver) X(env_vllm) X(env_model) \
  X(env_max_model_len) X(env_tp) X(env_quant) X(env_chunked) X(env_target) X(not_recorded) \
  X(simulated_gpu) X(env_cpu_line) X(env_os_line) X(env_client_suffix) X(gpu_none) \
  X(simulated_gpu_named) X(vram_per_gpu) X(cuda_line) X(sim_na) X(value_none) X(env_note_client) \
  X(env_hint_no_env) X(env_hint_gpu) X(env_hint_settings) X(settings_intro) X(settings_header) \
  X(settings_conflict) X(src_simulator) X(src_launched) X(src_suite) X(src_cache_config) \
  X(conditions) X(client_line) X(on) X(off) X(sum_heading) X(sum_intro) X(sum_header) X(sum_none) \
  X(note_ok) X(note_failed) X(note_mismatch) X(server_note) X(goodput_header) X(goodput_cell) \
  X(energy_header) X(energy_cell) X(energy_note) \
  X(conc_heading) X(conc_intro) \
  X(conc_header) X(conc_none) X(rate_cell) X(rate_cell_unbounded) X(rate_corrected) X(reasoning_line) \
  X(spec_decode_line) \
  X(case_len) X(case_conc) X(case_rate) X(case_trace) X(turns_intro) X(turns_header) \
  X(chunk_heading) X(chunk_text) X(chunk_header) \
  X(concl_heading) \
  X(concl_ttft) X(concl_ttft_missing) X(concl_decode) X(concl_conc) X(concl_conc_missing) \
  X(concl_no_failures) X(concl_failures) X(concl_mismatch) X(concl_calibration) X(concl_sim) \
  X(concl_ttft_split) X(concl_kv) X(concl_kv_one) X(concl_kv_capacity) X(concl_preempt) \
  X(concl_tokens_equal) X(concl_tokens_differ) X(concl_vram) X(concl_vram_one) \
  X(concl_vram_reserve) X(html_contents) X(chart_breakdown_title) X(chart_breakdown_caption) \
  X(chart_ttft_len_title) X(chart_tpot_len_title) X(chart_len_caption) X(chart_tput_conc_title) \
  X(chart_lat_conc_title) X(chart_conc_caption) X(chart_cdf_len_title) X(chart_cdf_conc_title) \
  X(chart_cdf_caption) X(chart_cdf_missing) X(chart_mem_title) X(chart_kv_title) \
  X(chart_mem_caption) X(chart_mem_missing) X(chart_power_title) X(chart_power_caption) \
  X(chart_chunk_title) X(chart_chunk_caption) X(chart_turn_title) X(chart_turn_caption) \
  X(axis_input_len) X(axis_concurrency) X(axis_turn) X(axis_latency_s) X(axis_ttft_ms) X(axis_tpot_ms) \
  X(axis_tput) X(axis_fraction) X(axis_elapsed_s) X(axis_gpu_mem_gib) X(axis_kv_usage) X(axis_power_w) \
  X(series_ttft) X(series_decode) X(series_mean) X(series_p99) X(series_p50) X(series_p90) X(series_p50_hit) X(series_p50_miss) \
  X(series_gpu) X(series_kv) \
  X(cat_tokens) X(cap_heading) X(cap_method) X(cap_found) X(cap_at_max) X(cap_lowest) \
  X(cap_aborted) X(cap_header) X(cap_pass) X(cap_fail) X(cap_saturated) X(cap_repeat) \
  X(cap_load_rate) X(cap_load_conc) X(chart_cap_att_title) X(chart_cap_lat_title) \
  X(chart_cap_caption) X(axis_rate) X(axis_attainment) X(axis_latency_ms) X(series_attainment) \
  X(series_ttft_p90) X(series_tpot_p90) X(guide_target) X(guide_capacity) X(guide_slo)

#define SONDE_FINDING_FIELDS(X) \
  X(title_largest_effect) X(title_memory_limit) X(title_bandwidth_bound) X(title_chunked_prefill) \
  X(title_mnbt) X(title_recommendation) X(evidence_label) X(confidence_label) \
  X(not_measured) X(need_sweep) X(need_chunked) X(need_mnbt) X(need_recommend) X(need_ok_points) \
  X(need_kv) X(need_bandwidth) X(need_params) X(need_decode) X(conf_spread) X(conf_strong) \
  X(conf_weak) X(conf_noise) X(conf_no_repeats) X(effect_text) X(effect_better) \
  X(effect_higher_better) X(effect_lower_better) X(effect_mixed) X(effect_next) X(effect_none) \
  X(effect_evidence) X(mem_capacity) X(mem_group) X(mem_source_startup) X(mem_source_cache) \
  X(mem_server_line) X(mem_longest) X(mem_peak) X(mem_preempt_none) X(mem_preempt) X(mem_failed) \
  X(mem_evidence_run) X(mem_evidence_sweep) X(mem_conf_agree) X(mem_conf_differ) X(mem_conf_one) \
  X(mem_conf_peak_only) X(bw_text) X(bw_aggregate) X(bw_range) X(bw_above) X(bw_close) \
  X(bw_below) X(bw_evidence) X(bw_src_flag) X(bw_src_profile) X(bw_conf) X(chunk_helped) \
  X(chunk_hurt) X(chunk_neutral) X(chunk_nothing) X(chunk_item) X(chunk_evidence) X(mnbt_raise) \
  X(mnbt_lower) X(mnbt_tradeoff) X(mnbt_none) X(mnbt_evidence) X(goal_throughput) X(goal_latency) \
  X(goal_balanced) X(rec_text) X(rec_runner_up) X(rec_alone) X(rec_slo_pass) X(rec_slo_none) \
  X(rec_figures) X(rec_evidence) X(rec_conf_margin) X(rec_conf_no_repeats) X(rec_cap_text) \
  X(rec_cap_less) X(rec_cap_off) X(rec_cap_miss) X(rec_cap_alone) X(rec_cap_none) \
  X(rec_cap_none_measured) X(rec_cap_evidence) X(rec_cap_conf) X(conf_cap_clear) X(conf_cap_tie)

#define SONDE_SWEEP_REPORT_FIELDS(X) \
  X(title) X(simulated) X(predicted) X(meta) X(incomplete) X(points_heading) X(points_header) \
  X(failures_heading) X(results_heading) X(results_header) X(chunked_heading) X(chunked_header) \
  X(chunked_missing) X(chunked_note) X(axis_heading) X(axis_metric_heading) X(axis_header_first) \
  X(axis_delta) X(spread_note) X(no_repeats_note) X(within_spread) X(conclusions_heading) \
  X(concl_none) X(metric_ttft_mean) X(metric_ttft_p99) X(metric_tpot_mean) X(metric_itl_p99) \
  X(metric_e2e_mean) X(metric_output_tput) X(html_contents) X(chart_axis_title) \
  X(chart_axis_caption) X(chart_chunked_title) X(chart_chunked_caption) X(chart_heatmap_title) \
  X(chart_heatmap_caption) X(axis_input_len) X(cat_tokens) X(on) X(off) X(cap_heading) \
  X(cap_intro) X(cap_header) X(cap_frontier) X(cap_recommended) X(cap_runner_up) \
  X(cap_off_frontier) X(cap_at_max) X(cap_lowest_fails) X(cap_aborted) X(cap_not_measured) \
  X(chart_pareto_title) X(chart_pareto_caption) X(axis_tokens_per_user) X(axis_tokens_per_gpu) \
  X(series_points) X(series_frontier)
#define SONDE_TRAFFIC_REPORT_FIELDS(X) \
  X(heading) X(intro) X(scenario_heading) X(file_line) \
  X(shared_line) X(input_line) X(output_line) X(input_line_no_records) X(lengths_triple) \
  X(cache_line) X(cache_server) X(cache_per_request) X(cache_no_expectation) X(cache_agree) \
  X(cache_differ) X(cache_no_details) X(cache_no_records) X(lag_line) X(lag_cap) X(lag_own) X(bought) X(bought_too_few) \
  X(bought_unknown) X(bought_unknown_some) X(concl_bought) X(faster) X(slower) X(chart_len_caption) X(chart_input_title) \
  X(chart_output_title) X(axis_tokens) X(axis_requests) X(series_target) X(series_sent) \
  X(series_counted) X(chart_timeline_caption) X(chart_latency_caption) X(chart_rate_title) \
  X(chart_tput_title) X(chart_latency_title) X(axis_elapsed_s) X(axis_req_s) X(axis_tok_s) \
  X(axis_ms) X(series_arrivals) X(series_completions) X(series_ttft_p50) X(series_e2el_p50) \
  X(chart_hits_caption) X(chart_hits_title) X(axis_ttft_ms) X(axis_fraction) X(series_with_hits) \
  X(series_without_hits)
// clang-format on

#define SONDE_COUNT_FIELD(f) +1
constexpr int kRunReportFields = 0 SONDE_RUN_REPORT_FIELDS(SONDE_COUNT_FIELD);
constexpr int kFindingFields = 0 SONDE_FINDING_FIELDS(SONDE_COUNT_FIELD);
constexpr int kSweepReportFields = 0 SONDE_SWEEP_REPORT_FIELDS(SONDE_COUNT_FIELD);
constexpr int kTrafficReportFields = 0 SONDE_TRAFFIC_REPORT_FIELDS(SONDE_COUNT_FIELD);
// Every field is one pointer (Text, or a Message holding its string), so the size counts them.
static_assert(sizeof(report::Messages) == kRunReportFields * sizeof(const char*),
              "a field of report::Messages is missing from SONDE_RUN_REPORT_FIELDS");
static_assert(sizeof(report::FindingMessages) == kFindingFields * sizeof(const char*),
              "a field of report::FindingMessages is missing from SONDE_FINDING_FIELDS");
static_assert(sizeof(SweepMessages) == kSweepReportFields * sizeof(const char*),
              "a field of SweepMessages is missing from SONDE_SWEEP_REPORT_FIELDS");
static_assert(sizeof(report::TrafficMessages) == kTrafficReportFields * sizeof(const char*),
              "a field of report::TrafficMessages is missing from SONDE_TRAFFIC_REPORT_FIELDS");

// The value given for placeholder `name`: distinct per name, and brace-free.
std::string value_for(std::string_view name) { return "<<" + std::string(name) + ">>"; }

struct CatalogueChecker {
  const char* language;  // "ko" or "en", for failure messages
  int checked = 0;       // fields checked so far

  // A sentence without placeholders.
  void operator()(const char* field, Text text) {
    ++checked;
    SCOPED_TRACE(std::string(language) + " " + field);
    ASSERT_NE(text, nullptr);
    const std::string s = text;
    EXPECT_FALSE(s.empty());
    EXPECT_EQ(s.find_first_of("{}"), std::string::npos) << s;
  }

  // A sentence with placeholders: rendered with every declared argument.
  template <MessageName... Names>
  void operator()(const char* field, const Message<Names...>& message) {
    ++checked;
    SCOPED_TRACE(std::string(language) + " " + field);
    std::string out;
    ASSERT_NO_THROW(out = message.format(arg<Names>(value_for(Names.view()))...));
    EXPECT_FALSE(out.empty());
    static const std::regex placeholder(R"(\{[A-Za-z0-9_]*\})");
    EXPECT_FALSE(std::regex_search(out, placeholder)) << out;
    for (const std::string_view name : Message<Names...>::names) {
      EXPECT_NE(out.find(value_for(name)), std::string::npos) << name << " missing from: " << out;
    }
  }
};

#define SONDE_CHECK_FIELD(f) check(#f, m.f);

TEST(Catalogue, EveryRunReportSentenceRendersInBothLanguages) {
  for (const Lang lang : {Lang::ko, Lang::en}) {
    const report::Messages& m = report::messages(lang);
    CatalogueChecker check{to_string(lang)};
    SONDE_RUN_REPORT_FIELDS(SONDE_CHECK_FIELD)
    EXPECT_EQ(check.checked, kRunReportFields);
  }
}

TEST(Catalogue, EveryFindingSentenceRendersInBothLanguages) {
  for (const Lang lang : {Lang::ko, Lang::en}) {
    const report::FindingMessages& m = report::finding_messages(lang);
    CatalogueChecker check{to_string(lang)};
    SONDE_FINDING_FIELDS(SONDE_CHECK_FIELD)
    EXPECT_EQ(check.checked, kFindingFields);
  }
}

TEST(Catalogue, EverySweepReportSentenceRendersInBothLanguages) {
  for (const Lang lang : {Lang::ko, Lang::en}) {
    const SweepMessages& m = sweep_messages(lang);
    CatalogueChecker check{to_string(lang)};
    SONDE_SWEEP_REPORT_FIELDS(SONDE_CHECK_FIELD)
    EXPECT_EQ(check.checked, kSweepReportFields);
  }
}

TEST(Catalogue, EveryTrafficSentenceRendersInBothLanguages) {
  for (const Lang lang : {Lang::ko, Lang::en}) {
    const report::TrafficMessages& m = report::traffic_messages(lang);
    CatalogueChecker check{to_string(lang)};
    SONDE_TRAFFIC_REPORT_FIELDS(SONDE_CHECK_FIELD)
    EXPECT_EQ(check.checked, kTrafficReportFields);
  }
}

// The two languages are different catalogues (a lookup returning one for both would pass the
// tests above twice over the same strings).
TEST(Catalogue, KoreanAndEnglishAreDifferentCatalogues) {
  EXPECT_STRNE(report::messages(Lang::ko).title, report::messages(Lang::en).title);
  EXPECT_STRNE(report::finding_messages(Lang::ko).title_recommendation,
               report::finding_messages(Lang::en).title_recommendation);
  EXPECT_STRNE(sweep_messages(Lang::ko).title, sweep_messages(Lang::en).title);
  EXPECT_STRNE(report::traffic_messages(Lang::ko).heading,
               report::traffic_messages(Lang::en).heading);
}

}  // namespace
}  // namespace sonde
