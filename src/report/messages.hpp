#pragma once
// Every sentence of the Markdown report, one catalogue per language (messages_ko.cpp,
// messages_en.cpp). Formatting code only picks and fills these: placeholders are fmt named
// arguments ({name}), so a translation may reorder them freely.
#include "report/lang.hpp"

namespace sonde::report {

struct Messages {
  // Header
  const char* title;              // H1 title
  const char* sim_banner;         // {profile} {speed}: bold line for simulated runs
  const char* incomplete;         // {reason}: the run did not finish
  const char* run_meta;           // {run_id} {started} {finished} {version}
  // 1. Environment
  const char* env_heading;
  const char* env_cpu;
  const char* env_gpu;
  const char* env_vram;
  const char* env_gpu_count;
  const char* env_os;
  const char* env_cuda;
  const char* env_driver;
  const char* env_vllm;
  const char* env_model;
  const char* env_max_model_len;
  const char* env_tp;
  const char* env_quant;
  const char* env_chunked;
  const char* env_target;         // label of the target URL line
  const char* not_recorded;       // value of a field nothing measured yet
  const char* simulated_gpu;      // {profile}: GPU line of a simulated run
  const char* env_hint;           // where the missing fields will come from
  const char* conditions;         // {endpoint} {ignore_eos} {warmup} {corpus} {seed} {timeout}
  const char* on;
  const char* off;
  // 2. Summary per input length
  const char* sum_heading;
  const char* sum_intro;
  const char* sum_header;         // table header row
  const char* sum_none;           // no scenario qualifies
  const char* note_ok;            // {completed} {total}
  const char* note_failed;        // {n} {kinds}
  const char* note_mismatch;      // {n}
  const char* vram_note;          // footnote on the VRAM column
  // 3. Concurrency
  const char* conc_heading;
  const char* conc_intro;
  const char* conc_header;
  const char* conc_none;
  const char* rate_cell;          // {rate} {max}
  const char* rate_cell_unbounded;  // {rate}
  const char* rate_corrected;     // {name} {e2el_mean} {e2el_p99} {ttft_p99} {queue_max}
  // 4. Chunked prefill
  const char* chunk_heading;
  const char* chunk_text;
  const char* chunk_header;
  // 5. Conclusions
  const char* concl_heading;
  const char* concl_ttft;         // {from_len} {to_len} {from_ttft} {to_ttft} {slope} {r2} {n}
  const char* concl_ttft_missing;
  const char* concl_decode;       // {min} {max} {tpot_min} {tpot_max}
  const char* concl_conc;         // {c_from} {c_to} {tput_from} {tput_to} {tput_x} {lat_from}
                                  // {lat_to} {lat_x} {dec_from} {dec_to}
  const char* concl_conc_missing;
  const char* concl_no_failures;  // {total}
  const char* concl_failures;     // {failed} {total} {details}
  const char* concl_mismatch;     // {n} {details}
  const char* concl_calibration;  // {max_err} {methods}
  const char* concl_sim;
  const char* concl_pending;      // template items that need data this run lacks
};

const Messages& messages(Lang lang);
const Messages& messages_ko();
const Messages& messages_en();

}  // namespace sonde::report
