#include "cli/main.hpp"

int main(int argc, char** argv) { return sonde::cli_main(argc, argv); }
