# Thin wrapper over CMake (as neovim does): `make demo` and `make test` work on a fresh Debian 12.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PGO        ?= 0
PGO_BUILD  ?= build-pgo
PGO_PROFILE = $(CURDIR)/$(PGO_BUILD)/profile
CMAKE_ARGS ?=
PREFIX     ?= /usr/local

.PHONY: all deps build build-asan build-fuzz demo test test-asan test-fuzz fuzz-long bench clean \
	install usage-doc

all: build

deps:
	@scripts/install-deps

# The optimized build (-O3, LTO, -Werror); it does not read the samples. PGO=1 makes it
# profile-guided: a yosan built to record where its time goes reads the bundled samples first
# (scripts/pgo-profile), and the build uses that record (without -Werror: see CMakeLists.txt).
build: deps
ifeq ($(PGO),1)
	@scripts/pgo-profile $(PGO_BUILD) $(PGO_PROFILE) $(JOBS)
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DYS_WERROR=ON -DYS_PGO=use \
	  -DYS_PGO_DIR=$(PGO_PROFILE) $(CMAKE_ARGS) >/dev/null
else
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DYS_WERROR=ON -DYS_PGO= \
	  $(CMAKE_ARGS) >/dev/null
endif
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DYS_WERROR=ON -DYS_SANITIZE=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

build-fuzz: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DYS_TESTS=OFF -DYS_FUZZ=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)

# The main job on the bundled samples: records and the reconciliation report.
demo: build
	./$(BUILD)/yosan check samples/mext-lifescience-r8.pdf samples/city-yosansho-r8.pdf

test-asan: build-asan
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -LE fuzz

test-fuzz: build-fuzz
	ctest --test-dir $(FUZZ_BUILD) --output-on-failure -j $(JOBS) -L fuzz

# Not in CI: each fuzzer to 10 million executions (RUNS=N), one at a time (docs/fuzzing.md).
fuzz-long: build-fuzz
	@scripts/fuzz-long $(FUZZ_BUILD) $(HARNESSES)

# Whole suite: the normal build, the sanitizer build, then a short run of every fuzzer.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE fuzz
	$(MAKE) --no-print-directory test-asan
	$(MAKE) --no-print-directory test-fuzz

# The sources as .clang-format sets them (Debian 12's clang-format 14); .ci/run runs it first.
# (find when the tree is not a git checkout: a tarball)
format-check: deps
	@{ git ls-files '*.c' '*.h' 2>/dev/null || find . -path './build*' -prune -o \( -name '*.c' -o -name '*.h' \) -print; } \
	  | xargs clang-format --dry-run -Werror

# The binary, the rules (share/yosan/rules), the man page and the bash completion under PREFIX
# (DESTDIR=… as well, for a package). The installed yosan finds its rules from where it is.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# docs/usage.md's usage block, rewritten from the option spec (cli/cli_spec.c)
usage-doc:
	@cmake --build $(BUILD) --target usage-doc

bench: build
	bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(PGO_BUILD)
