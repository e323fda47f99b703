#pragma once

namespace sonde {

// Parses argv, runs the chosen subcommand, maps typed errors to exit codes (util/error.hpp).
int cli_main(int argc, char** argv);

}  // namespace sonde
