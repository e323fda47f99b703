#include "analysis/capacity_ranking.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/pareto.hpp"

namespace sonde::analysis {
namespace {

std::optional<double> per_gpu(const std::optional<double>& v, int gpus) {
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return *v / std::max(gpus, 1);
}

// A point with every figure the decision needs.
struct Measured {
  const PointResult* p = nullptr;
  double capacity_per_gpu = 0;
  ParetoPoint xy;
  bool within = true;     // meets every evaluable --slo at its capacity
  bool frontier = false;  // non-dominated
};

std::vector<Measured> measured_points(const SweepResult& sweep, const std::vector<Slo>& slos) {
  std::vector<Measured> out;
  for (const PointResult& p : sweep.points) {
    if (p.status != PointStatus::ok || !p.capacity) continue;
    const PointCapacity& c = *p.capacity;
    if (!c.capacity_per_gpu || !c.output_tps_per_gpu || !c.tokens_per_user) continue;
    Measured m{&p, *c.capacity_per_gpu, {*c.tokens_per_user, *c.output_tps_per_gpu}, true, false};
    for (const Slo& slo : slos) m.within = m.within && meets_at_capacity(c, slo).value_or(true);
    out.push_back(m);
  }
  return out;
}

bool dominates(const ParetoPoint& a, const ParetoPoint& b) {
  return a.tokens_per_user >= b.tokens_per_user && a.tokens_per_gpu >= b.tokens_per_gpu &&
         (a.tokens_per_user > b.tokens_per_user || a.tokens_per_gpu > b.tokens_per_gpu);
}

// 0: within the SLOs and on the frontier, 1: within but dominated, 2: misses an SLO.
int tier(const Measured& m) { return !m.within ? 2 : m.frontier ? 0 : 1; }

}  // namespace

const CapacityProbe* answer_probe(const CapacityResult& search) {
  if (!search.capacity) return nullptr;
  for (auto it = search.probes.rbegin(); it != search.probes.rend(); ++it) {
    if (it->verification && it->passed && it->load == *search.capacity) return &*it;
  }
  return nullptr;
}

PointCapacity point_capacity(const CapacityResult& search, int gpus, std::string dir) {
  PointCapacity c;
  c.dir = std::move(dir);
  c.search = search;
  c.gpus = std::max(gpus, 1);
  c.capacity_per_gpu = per_gpu(search.capacity_rps, c.gpus);
  c.output_tps_per_gpu = per_gpu(search.capacity_output_tps, c.gpus);
  if (const CapacityProbe* a = answer_probe(search); a && std::isfinite(a->tpot_ms.p50)) {
    c.tpot_p50_ms = a->tpot_ms.p50;
    if (a->tpot_ms.p50 > 0) c.tokens_per_user = 1000 / a->tpot_ms.p50;
  }
  return c;
}

std::optional<bool> meets_at_capacity(const PointCapacity& c, const Slo& slo) {
  const CapacityProbe* a = answer_probe(c.search);
  if (a == nullptr) return std::nullopt;
  double v = NAN;
  if (slo.metric == "ttft_p50_ms") v = a->ttft_ms.p50;
  if (slo.metric == "ttft_p99_ms") v = a->ttft_ms.p99;
  if (slo.metric == "tpot_p50_ms") v = a->tpot_ms.p50;
  if (slo.metric == "tpot_p99_ms") v = a->tpot_ms.p99;
  if (slo.metric == "output_tok_s") v = c.search.capacity_output_tps.value_or(NAN);
  if (slo.metric == "error_rate" && a->completed + a->failed > 0)
    v = double(a->failed) / (a->completed + a->failed);
  if (!std::isfinite(v)) return std::nullopt;
  return slo.at_most ? v <= slo.bound : v >= slo.bound;
}

std::optional<CapacityDecision> decide_by_capacity(const SweepResult& sweep,
                                                   const std::vector<Slo>& slos) {
  const bool any = std::any_of(sweep.points.begin(), sweep.points.end(),
                               [](const PointResult& p) { return p.capacity.has_value(); });
  if (!any) return std::nullopt;
  std::vector<Measured> ms = measured_points(sweep, slos);
  std::vector<ParetoPoint> xy;
  for (const Measured& m : ms) xy.push_back(m.xy);
  CapacityDecision d;
  for (std::size_t i : pareto_frontier(xy)) {
    ms[i].frontier = true;
    d.pareto.push_back(ms[i].p->name);
  }
  std::vector<const Measured*> order;
  for (const Measured& m : ms) order.push_back(&m);
  std::stable_sort(order.begin(), order.end(), [](const Measured* a, const Measured* b) {
    return a->capacity_per_gpu > b->capacity_per_gpu;
  });
  for (const Measured* m : order) {
    d.ranking.push_back(m->p->name);
    if (m->within) d.within_slos.push_back(m->p->name);
  }
  // The recommendation's order: frontier within the SLOs, then dominated within them, then the
  // ones missing an SLO; by capacity per GPU inside each.
  std::stable_sort(order.begin(), order.end(),
                   [](const Measured* a, const Measured* b) { return tier(*a) < tier(*b); });
  if (order.empty() || tier(*order.front()) == 2) return d;
  d.recommended = order.front()->p->name;
  if (order.size() < 2) return d;
  const Measured& second = *order[1];
  d.runner_up = second.p->name;
  d.runner_up_reason = tier(second) == 0   ? RunnerUpReason::less_capacity
                       : tier(second) == 1 ? RunnerUpReason::off_frontier
                                           : RunnerUpReason::misses_slo;
  if (tier(second) == 1) {
    for (const Measured* m : order) {  // the dominating point with the most capacity per GPU
      if (dominates(m->xy, second.xy)) {
        d.dominated_by = m->p->name;
        break;
      }
    }
  }
  return d;
}

}  // namespace sonde::analysis
