#pragma once
// Report languages live with the run options (config/lang.hpp); reporters include this.
#include "config/lang.hpp"
