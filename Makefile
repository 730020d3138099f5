# Sightline: two commands do everything on a fresh Debian machine.
#   make demo   install what is missing, build release, run the full pipeline on the built-in default
#   make test   install what is missing, run the whole test suite
SWIFT ?= swift
APT_PACKAGES := pkg-config libfftw3-dev libpng-dev liblapacke-dev
BENCH_APT_PACKAGES := $(APT_PACKAGES) libliquid-dev libkissfft-dev
DEMO_DIR ?= demo-output

.PHONY: all deps demo test lint format build bench compare fixtures recordings interop report-check claims clean fuzz fuzz-build tsan asan docs slurm-check profile fftw-native

all: build

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build -c release --product sightline

demo: build
	.build/release/sightline demo --output-dir $(DEMO_DIR)

# Tests run optimised (Monte Carlo checks over millions of cells) with -enable-testing so
# that @testable imports work; the same build provides the binary the interop check uses.
TEST_FLAGS := -c release -Xswiftc -enable-testing
test: deps lint
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build

# Formatting (.swift-format: swift-nio's settings, 120 columns). `make format` rewrites the
# tree; `make lint` (part of make test) fails on any file that `make format` would change.
FORMAT_PATHS := Sources Tests Package.swift Benchmarks Fuzz/Sources Fuzz/Package.swift
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)
format:
	python3 scripts/wrap_long_strings.py Sources/SightlineCLI/*.swift
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

# Benchmarks (not part of CI): the package-benchmark suites and the one-run comparison
# against a plain C loop over FFTW (linked, and Debian's by dlopen), KissFFT, liquid-dsp,
# scipy, numpy and GNU Radio (when installed).
bench:
	@scripts/install-deps.sh $(BENCH_APT_PACKAGES)
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

# COMPARE_ARGS: --nfft N --samples N --repeats N; FFTW=native: against `make fftw-native`.
COMPARE_ARGS ?=
compare: $(if $(filter native,$(FFTW)),fftw-native)
	@scripts/install-deps.sh $(BENCH_APT_PACKAGES)
	$(if $(filter native,$(FFTW)),FFTW_NATIVE=$(FFTW_NATIVE)) Benchmarks/compare/run $(COMPARE_ARGS)

# The FFT path's profile on this machine (README, "Performance"): FFTW's plan, each stage's
# rate and share, the bound and the fraction of it reached, 1- and 2-thread scaling, for
# nfft 256…16384. PROFILE_ARGS passes options (--datatype ci16, --json, …); FFTW=native
# profiles the build against `make fftw-native`'s FFTW.
PROFILE_ARGS ?=
FFTW ?= debian
profile: $(if $(filter native,$(FFTW)),fftw-native,build)
	$(if $(filter native,$(FFTW)),.build-native,.build)/release/sightline profile $(PROFILE_ARGS)

# FFTW 3.3.10 single precision built for this machine from Debian's source package (adds a
# deb-src entry to apt's sources if there is none, and says so), with every SIMD level the
# CPU has, installed static under .fftw-native/ (git-ignored); then Sightline built against
# it through PKG_CONFIG_PATH in its own scratch path, .build-native/. The default build,
# `make test` and CI stay on Debian's libfftw3-dev.
FFTW_NATIVE ?= $(CURDIR)/.fftw-native
NATIVE_ENV := PKG_CONFIG_PATH=$(FFTW_NATIVE)/lib/pkgconfig
NATIVE_FLAGS := -c release --scratch-path .build-native -Xlinker -rpath -Xlinker $(FFTW_NATIVE)/lib
fftw-native: deps
	scripts/fftw-native.sh $(FFTW_NATIVE)
	$(NATIVE_ENV) $(SWIFT) build $(NATIVE_FLAGS) --product sightline
	@.build-native/release/sightline profile --nfft 1024 --rounds 1 2>/dev/null | sed -n 2p

# Regenerate the scipy reference fixtures (needs numpy and scipy); commit the result.
fixtures:
	python3 scripts/make_fixtures.py
	python3 scripts/make_gmsk_fixture.py
	python3 scripts/make_detection_fixture.py

# Regenerate the small seeded recordings in Signals/recordings from their scenes.
RECORDINGS := c1-backpack-patrol:0.05 c4-railway-station:0.2 c6-border-jammer:0.1 c7-call-static:0.12 c10-far-mast:0.1
recordings: build
	@for r in $(RECORDINGS); do \
	  name=$${r%%:*}; duration=$${r##*:}; \
	  .build/release/sightline generate Signals/scenes/$$name.yaml -o Signals/recordings/$$name \
	    --datatype ci16_le --duration-s $$duration || exit 1; \
	done

# The worked claims (Signals/claims), as shown in the README's "What the numbers say".
claims: build
	@for f in Signals/claims/*.sh; do echo "\$$ $$f"; $$f || exit 1; echo; done

# Interoperability with the official Python sigmf library (installed from PyPI if missing).
interop: deps
	$(SWIFT) build $(TEST_FLAGS) --product sightline
	@python3 -c "import sigmf, numpy" 2>/dev/null || python3 -m pip install --quiet sigmf numpy
	python3 scripts/sigmf_interop.py .build/release/sightline

# The HTML risk report rendered in headless Chromium (Debian chromium, installed if missing):
# sections, inline plots, screenshots to look at (report-check/c4-report.png and, rendered with
# Debian's Noto CJK fonts, the Korean report report-check/c4-report-ko.png), a PDF print.
report-check: deps
	@scripts/install-deps.sh chromium fonts-noto-cjk
	$(SWIFT) build $(TEST_FLAGS) --product sightline
	python3 scripts/report_check.py .build/release/sightline report-check

# A sweep as a Slurm job array on a one-node cluster started on this machine (Debian's slurmctld,
# slurmd, slurm-client and munge, installed if missing; stopped afterwards), merged by a dependent
# job: the result must equal the single-process run byte for byte (scripts/slurm-check.sh).
slurm-check: deps
	$(SWIFT) build $(TEST_FLAGS) --product sightline
	scripts/slurm-check.sh .build/release/sightline

# The DocC catalog of the umbrella module (Sources/Sightline/Sightline.docc: a landing page,
# the pipeline article, one article per layer), built with swift-docc-plugin (a debug build
# of the libraries) with every documentation warning an error, so a broken link fails; then
# every type the articles name is checked against Sources/ and the pipeline example is
# type-checked against the built modules. Output: $(DOCS_DIR)/Sightline.doccarchive, static
# HTML (serve the folder over HTTP and open /documentation/sightline).
DOCS_DIR ?= .build-docs
docs: deps
	mkdir -p $(DOCS_DIR)
	$(SWIFT) package --allow-writing-to-directory $(DOCS_DIR) generate-documentation --target Sightline \
	  --warnings-as-errors --disable-indexing --output-path $(DOCS_DIR)/Sightline.doccarchive
	python3 scripts/check_docc_names.py --typecheck "$$($(SWIFT) build --show-bin-path)"

# libFuzzer harnesses (the nested package Fuzz/, built with -sanitize=fuzzer,address): every
# target for FUZZ_SECONDS (CI: a shorter budget, see .ci/run); a finding fails and leaves its
# reproducer in Fuzz/findings/. A maintainer's long run: make fuzz FUZZ_SECONDS=3600.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_FLAGS := -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
fuzz-build: deps
	cd Fuzz && $(SWIFT) build $(FUZZ_FLAGS)
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run $(FUZZ_TARGETS)

# The test suite under ThreadSanitizer and AddressSanitizer, each in its own build folder
# (not in CI: each needs a full instrumented build; see the README for the last result).
SANITIZER_TEST_FLAGS := -c release -Xswiftc -enable-testing
SANITIZER_FILTER ?=
tsan: deps
	$(SWIFT) build $(SANITIZER_TEST_FLAGS) --build-tests --scratch-path .build-tsan -Xswiftc -sanitize=thread
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test $(SANITIZER_TEST_FLAGS) --skip-build --scratch-path .build-tsan -Xswiftc -sanitize=thread $(SANITIZER_FILTER)
asan: deps
	$(SWIFT) build $(SANITIZER_TEST_FLAGS) --build-tests --scratch-path .build-asan -Xswiftc -sanitize=address
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test $(SANITIZER_TEST_FLAGS) --skip-build --scratch-path .build-asan -Xswiftc -sanitize=address $(SANITIZER_FILTER)

clean:
	rm -rf .build .build-fuzz .build-tsan .build-asan .build-native Fuzz/.build-fuzz $(DEMO_DIR) report-check
