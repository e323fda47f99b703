# Two commands on a fresh Debian 12 machine: `make demo`, then `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
# Warnings as errors: ON in CI and for developers (`make test WERROR=ON`), OFF for users by default.
WERROR ?= OFF
CMAKE_FLAGS ?=

.PHONY: all deps configure build sonde test demo bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DSONDE_WERROR=$(WERROR) $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Only the sonde binary: what the demo runs.
sonde: configure
	cmake --build $(BUILD) -j $(JOBS) --target sonde

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The seed suite (1k/3k/6k/10k inputs, concurrency 1/2/4/8) against the built-in simulator.
demo: sonde
	$(BUILD)/sonde run --sim --out results/demo-$$(date +%Y%m%d-%H%M%S)

# Client overhead and timing fidelity: prints the tables and rewrites docs/performance.md.
# Not part of `make test`; about 6-8 minutes on a 2-core machine. BENCH_FLAGS=--quick for a smoke run.
BENCH_FLAGS ?=
bench: build
	$(BUILD)/bench/sonde_bench --build $(BUILD) $(BENCH_FLAGS)

clean:
	rm -rf $(BUILD)
