# Sightline: two commands do everything on a fresh Debian machine.
#   make demo   install what is missing, build release, run the full pipeline on the built-in default
#   make test   install what is missing, run the whole test suite
SWIFT ?= swift
APT_PACKAGES := pkg-config libfftw3-dev libpng-dev
BENCH_APT_PACKAGES := $(APT_PACKAGES) libliquid-dev
DEMO_DIR ?= demo-output

.PHONY: all deps demo test build bench compare fixtures clean

all: build

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build -c release --product sightline

demo: build
	.build/release/sightline demo --output-dir $(DEMO_DIR)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Benchmarks (not part of CI): the package-benchmark suites and the one-run comparison
# against a plain C FFTW loop, liquid-dsp and scipy.
bench:
	@scripts/install-deps.sh $(BENCH_APT_PACKAGES)
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

compare:
	@scripts/install-deps.sh $(BENCH_APT_PACKAGES)
	Benchmarks/compare/run

# Regenerate the scipy reference fixtures (needs numpy and scipy); commit the result.
fixtures:
	python3 scripts/make_fixtures.py

clean:
	rm -rf .build $(DEMO_DIR)
