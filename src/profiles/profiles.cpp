#include "profiles/profiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/error.hpp"

namespace sonde::profiles {
namespace {

using json = nlohmann::json;

json parse_root(std::string_view text, const std::string& origin, const char* key) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object() || !root.contains(key) || !root[key].is_array()) {
    throw UsageError(fmt::format("profile file {}: not valid JSON with a \"{}\" array", origin, key));
  }
  return root;
}

template <typename T>
T get(const json& entry, const char* key, const std::string& origin) {
  const auto it = entry.find(key);
  try {
    if (it == entry.end()) throw std::runtime_error("missing");
    return it->get<T>();
  } catch (const std::exception&) {
    throw UsageError(fmt::format("profile file {}: entry {} has no valid \"{}\"", origin,
                                 entry.value("name", std::string("?")), key));
  }
}

// Lower-case letters and digits only: "Llama-3.1-8B" -> "llama318b".
std::string normalise(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

template <typename P>
std::string known_names(const std::vector<P>& list) {
  std::string out;
  for (const auto& p : list) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

}  // namespace

std::vector<GpuProfile> parse_gpu_profiles(std::string_view text, const std::string& origin) {
  const json root = parse_root(text, origin, "gpus");
  const json defaults = root.value("defaults", json::object());
  std::vector<GpuProfile> out;
  for (const auto& e : root["gpus"]) {
    GpuProfile g;
    g.name = get<std::string>(e, "name", origin);
    g.product_name = e.value("product_name", "NVIDIA " + g.name);
    g.memory_mib = get<int64_t>(e, "memory_mib", origin);
    g.bandwidth_gbps = get<double>(e, "bandwidth_gbps", origin);
    g.bf16_tflops = get<double>(e, "bf16_tflops", origin);
    g.fp8_tflops = e.value("fp8_tflops", 0.0);
    g.interconnect = e.value("interconnect", defaults.value("interconnect", g.interconnect));
    g.interconnect_gbps = e.value("interconnect_gbps", defaults.value("interconnect_gbps", 32.0));
    g.interconnect_latency_us =
        e.value("interconnect_latency_us", defaults.value("interconnect_latency_us", 20.0));
    // A GPU without its own fitted figures takes the file's defaults (data/profiles/gpus.json).
    const auto fitted = [&](const char* key, double fallback) {
      return e.value(key, defaults.value(key, fallback));
    };
    g.flops_efficiency = fitted("flops_efficiency", g.flops_efficiency);
    g.bandwidth_efficiency = fitted("bandwidth_efficiency", g.bandwidth_efficiency);
    g.step_overhead_us = fitted("step_overhead_us", g.step_overhead_us);
    g.seq_overhead_us = fitted("seq_overhead_us", g.seq_overhead_us);
    g.source = e.value("source", "");
    g.idle_power_w = e.value("idle_power_w", 0.0);
    g.board_power_w = e.value("board_power_w", 0.0);
    g.power_source = e.value("power_source", "");
    if (g.idle_power_w < 0 || g.board_power_w < 0 ||
        (g.board_power_w > 0 && g.idle_power_w > g.board_power_w)) {
      throw UsageError(
          fmt::format("profile file {}: GPU {} needs 0 <= idle_power_w <= "
                      "board_power_w (watts; leave both out when unknown)",
                      origin, g.name));
    }
    g.efficiency_source =
        e.value("efficiency_source", defaults.value("efficiency_source", std::string()));
    if (g.memory_mib <= 0 || g.bandwidth_gbps <= 0 || g.bf16_tflops <= 0 || g.flops_efficiency <= 0 ||
        g.bandwidth_efficiency <= 0 || g.flops_efficiency > 1 || g.bandwidth_efficiency > 1) {
      throw UsageError(
          fmt::format("profile file {}: GPU {} needs positive memory_mib, bandwidth_gbps and "
                      "bf16_tflops, and efficiencies in (0, 1]",
                      origin, g.name));
    }
    if (g.step_overhead_us < 0 || g.seq_overhead_us < 0 || g.interconnect_latency_us < 0 ||
        g.interconnect_gbps <= 0) {
      throw UsageError(
          fmt::format("profile file {}: GPU {} needs step_overhead_us, seq_overhead_us and "
                      "interconnect_latency_us >= 0 and a positive interconnect_gbps",
                      origin, g.name));
    }
    if (g.interconnect != "nvlink" && g.interconnect != "pcie") {
      throw UsageError(
          fmt::format("profile file {}: GPU {} has interconnect \"{}\"; use \"nvlink\" or \"pcie\"",
                      origin, g.name, g.interconnect));
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<ModelProfile> parse_model_profiles(std::string_view text, const std::string& origin) {
  const json root = parse_root(text, origin, "models");
  std::vector<ModelProfile> out;
  for (const auto& e : root["models"]) {
    ModelProfile m;
    m.name = get<std::string>(e, "name", origin);
    m.aliases = e.value("aliases", std::vector<std::string>{m.name});
    m.params = get<double>(e, "params", origin);
    m.layers = get<int64_t>(e, "layers", origin);
    m.hidden = get<int64_t>(e, "hidden", origin);
    m.intermediate = e.value("intermediate", 4 * m.hidden);
    m.heads = get<int64_t>(e, "heads", origin);
    m.kv_heads = e.value("kv_heads", m.heads);
    m.head_dim = e.value("head_dim", m.heads > 0 ? m.hidden / m.heads : 0);
    m.vocab = e.value("vocab", int64_t{32000});
    m.max_position = e.value("max_position", int64_t{4096});
    m.tied_embeddings = e.value("tied_embeddings", false);
    m.dtype = e.value("dtype", "bfloat16");
    m.source = e.value("source", "");
    if (m.params <= 0 || m.layers <= 0 || m.hidden <= 0 || m.heads <= 0 || m.kv_heads <= 0 ||
        m.head_dim <= 0) {
      throw UsageError(
          fmt::format("profile file {}: model {} needs positive params, layers, "
                      "hidden, heads, kv_heads and head_dim",
                      origin, m.name));
    }
    out.push_back(std::move(m));
  }
  return out;
}

const std::vector<GpuProfile>& builtin_gpus() {
  static const auto list = parse_gpu_profiles(embedded_gpus_json(), "built-in gpus.json");
  return list;
}

const std::vector<ModelProfile>& builtin_models() {
  static const auto list = parse_model_profiles(embedded_models_json(), "built-in models.json");
  return list;
}

const GpuProfile& find_gpu(const std::vector<GpuProfile>& list, const std::string& name) {
  for (const auto& g : list) {
    if (normalise(g.name) == normalise(name)) return g;
  }
  throw UsageError(
      fmt::format("--gpu {}: unknown GPU profile; known: {} (or load your own with "
                  "--gpu-profile-file)",
                  name, known_names(list)));
}

const ModelProfile& find_model(const std::vector<ModelProfile>& list, const std::string& name) {
  for (const auto& m : list) {
    if (normalise(m.name) == normalise(name)) return m;
  }
  throw UsageError(
      fmt::format("--model-profile {}: unknown model profile; known: {} (or load "
                  "your own with --model-profile-file)",
                  name, known_names(list)));
}

const GpuProfile* gpu_by_product_name(const std::string& name, bool short_names) {
  for (const auto& g : builtin_gpus()) {
    if (g.product_name == name) return &g;
  }
  if (!short_names) return nullptr;
  std::string n = name;
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  for (const auto& g : builtin_gpus()) {
    if (n == g.name || n.rfind(g.name + "-", 0) == 0) return &g;
  }
  return nullptr;
}

const ModelProfile* infer_model(const std::vector<ModelProfile>& list, const std::string& model) {
  const std::string id = normalise(model.substr(model.find_last_of('/') + 1));
  const ModelProfile* best = nullptr;
  size_t best_len = 0;
  for (const auto& m : list) {
    for (const auto& alias : m.aliases) {
      const std::string a = normalise(alias);
      // The alias must end at a non-digit so that "qwen2.5-7b" does not match "Qwen2.5-72B".
      for (size_t pos = id.find(a); pos != std::string::npos; pos = id.find(a, pos + 1)) {
        const size_t end = pos + a.size();
        const bool whole = end == id.size() || !std::isdigit(static_cast<unsigned char>(id[end]));
        if (whole && a.size() > best_len) {
          best = &m;
          best_len = a.size();
        }
      }
    }
  }
  return best;
}

std::string read_profile_file(const std::string& path, const std::string& flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{} {}: cannot read the file", flag, path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sonde::profiles
