# v2vsim: every command a user or CI needs. `make run` and `make test` install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
SCENARIO ?= Scenarios/highway.yaml
OUT ?= out/highway
BIN_DEBUG := .build/debug/v2vsim
BIN_RELEASE := .build/release/v2vsim

.PHONY: deps test-deps build release run test bench bench-quick bench-sumo fuzz clean screenshot visualizer-fps policy policy-eval detector

## deps: install libsodium and pkg-config (the build) and libjs-chart.js (`v2vsim visualize`) from Debian
## when they are missing.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libsodium \
		|| [ ! -f /usr/share/javascript/chart.js/chart.min.js ]; then \
		echo "installing libsodium-dev, pkg-config and libjs-chart.js (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libsodium-dev pkg-config libjs-chart.js; \
	fi
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "error: swift not found on PATH (need Swift 6)"; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## run: build (release) and run the default scenario, then print its summary.
run: release
	$(BIN_RELEASE) run $(SCENARIO) --out $(OUT)
	$(BIN_RELEASE) export $(OUT)/trace.sqlite --csv $(OUT)/csv

## detector: re-create the shipped learned misbehaviour detector, Policies/detector.safetensors, from
## simulated runs of every insider attack type and of the honest scenarios (docs/detector.md). The
## same command gives the same file byte for byte (its metadata records this command); --jobs only
## changes how long it takes.
DETECTOR_TRAIN_ARGS ?= --seeds 2 --honest --honest-duration 20s --honest-seeds 6 --max-samples 400000 --epochs 8 --hidden 32,16 --seed 1
detector: release
	mkdir -p out
	$(BIN_RELEASE) detector train $(DETECTOR_TRAIN_ARGS) --out Policies/detector.safetensors --loss-csv out/detector-loss.csv

## test-deps: what the end-to-end tests use besides Swift: python3 with the `cryptography` package, an
## Ed25519 implementation independent of libsodium's for re-verifying exported signatures; a real
## browser (Debian's chromium, headless) for the Visualizer page; and Hugging Face's `safetensors` with
## numpy (PyPI) in a virtual environment outside the clone, kept between clones, for the weights-interop
## test (which installs it under .build itself when it is missing, or reports itself skipped).
INTEROP_VENV ?= $(HOME)/.cache/v2vsim/python-interop
test-deps:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v python3 >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3; }
	@python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-cryptography; }
	@python3 -c 'import ensurepip' 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }
	@$(INTEROP_VENV)/bin/python -c 'import safetensors, numpy' 2>/dev/null \
		|| { python3 -m venv $(INTEROP_VENV) && $(INTEROP_VENV)/bin/pip install --quiet --disable-pip-version-check safetensors numpy; } \
		|| echo "warning: could not install safetensors and numpy into $(INTEROP_VENV)"

## test: build and run every test.
test: deps test-deps
	$(SWIFT) build --build-tests
	V2VSIM_PYTHON_INTEROP="$$([ -x $(INTEROP_VENV)/bin/python ] && echo $(INTEROP_VENV))" $(SWIFT) test --skip-build

## bench: the benchmark suite (release build), printed as JSON lines and written to out/bench/bench.json:
## libsodium and our wrappers, the event kernel, traffic only at 1000 and 10 000 vehicles, the full
## pipeline of Scenarios/bench-1000.yaml (BENCH_DURATION overrides its 60 s), the ledger, trace writing.
## bench-quick: the same in about a minute (10 s simulated, fewer iterations).
BENCH_DURATION ?=
bench: release
	$(BIN_RELEASE) bench --json out/bench/bench.json $(if $(BENCH_DURATION),--duration $(BENCH_DURATION))

bench-quick: release
	$(BIN_RELEASE) bench --quick --json out/bench/bench-quick.json

## bench-sumo: SUMO (Debian's `sumo`, installed when missing) and our traffic-only mode side by side on
## a 3-lane ring (10 km with 1000 vehicles, 100 km with 10 000), IDM with the same parameters, step
## 0.1 s, without and with FCD output; prints vehicle-steps per second and the ratio.
## SUMO_DURATION simulated seconds (default 60), SUMO_SIZES (default 1000,10000).
SUMO_DURATION ?= 60
SUMO_SIZES ?= 1000,10000
bench-sumo: release
	@command -v sumo >/dev/null 2>&1 && command -v netconvert >/dev/null 2>&1 \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq sumo; }
	@mkdir -p out/bench
	python3 bench/sumo/ring_bench.py --v2vsim $(BIN_RELEASE) --duration $(SUMO_DURATION) --sizes $(SUMO_SIZES) \
		--json out/bench/sumo.json

## policy: train the observation-v2 driver (release build): behaviour cloning from rollouts of highway,
## merge and hazard by the expert with the ACC model's coolness 0.8 as teacher, then 5 DAgger rounds,
## into out/policy/driver-v2.safetensors (with loss.csv
## and rounds.csv); when Policies/driver-v2.safetensors exists, check that the new file equals it byte
## for byte. The output paths are not part of the file's provenance, so the bytes do not depend on them.
POLICY_TRAIN := policy train --scenario Scenarios/highway.yaml --scenario Scenarios/merge.yaml \
	--scenario Scenarios/hazard.yaml --rounds 5 --hidden 64,64 --epochs 20 --seed 1 --sample-interval 0.5 \
	--teacher-coolness 0.8
policy: release
	@mkdir -p out/policy
	$(BIN_RELEASE) $(POLICY_TRAIN) --out out/policy/driver-v2.safetensors \
		--loss-csv out/policy/loss.csv --rounds-csv out/policy/rounds.csv
	@if [ -f Policies/driver-v2.safetensors ]; then \
		cmp out/policy/driver-v2.safetensors Policies/driver-v2.safetensors \
			&& echo "reproduced Policies/driver-v2.safetensors byte for byte"; \
	fi

## policy-eval: `policy eval` of POLICY (default out/policy/driver-v2.safetensors) against the expert on
## highway, merge and hazard, POLICY_SEEDS seeds each (default 20), CSVs in out/policy/.
POLICY ?= out/policy/driver-v2.safetensors
POLICY_SEEDS ?= 20
policy-eval: release
	@mkdir -p out/policy
	@for s in highway merge hazard; do \
		$(BIN_RELEASE) policy eval --policy $(POLICY) --scenario Scenarios/$$s.yaml --seeds $(POLICY_SEEDS) \
			--csv out/policy/eval-$$s.csv || exit 1; \
	done

## fuzz: libFuzzer + AddressSanitizer on the envelope, certificate and hazard-warning (DENM payload) decoders and the
## scenario loader (package Fuzz/), each for FUZZ_TIME seconds, starting from the seed corpus in Fuzz/Corpus (new inputs
## go to out/fuzz/, crashes too). An input that runs longer than 10 s or grows past 2 GB counts as a failure.
FUZZ_TIME ?= 60
FUZZ_TARGETS ?= envelope certificate hazard scenario
fuzz: deps
	cd Fuzz && $(SWIFT) build -Xswiftc -sanitize=fuzzer,address
	@for t in $(FUZZ_TARGETS); do \
		name=$$(echo $$t | sed 's/^./\U&/'); \
		mkdir -p out/fuzz/$$t; \
		echo "fuzzing $$t for $(FUZZ_TIME) s"; \
		Fuzz/.build/debug/Fuzz$$name out/fuzz/$$t Fuzz/Corpus/$$t -max_total_time=$(FUZZ_TIME) \
			-timeout=10 -rss_limit_mb=2048 -max_len=16384 \
			-artifact_prefix=out/fuzz/$$t- -print_final_stats=1 > out/fuzz/$$t.log 2>&1; status=$$?; \
		tail -12 out/fuzz/$$t.log; [ $$status -eq 0 ] || { echo "fuzz: $$t failed, see out/fuzz/$$t.log"; exit 1; }; \
	done

## screenshot: the README's picture (docs/visualizer-screenshot.png) of a real run: 12 s of the default
## scenario, written as one page, played in headless Chromium by Tests/Browser/drive.py.
screenshot: build test-deps
	$(BIN_DEBUG) run $(SCENARIO) --out out/screenshot --duration 12s -q
	$(BIN_DEBUG) visualize out/screenshot/trace.sqlite --out out/screenshot/view.html
	python3 Tests/Browser/drive.py --url file://$(CURDIR)/out/screenshot/view.html --out out/screenshot \
		--width 1500 --height 1150 --select 100 --select-time 9 --play-from 9 --play-seconds 2 --speed 0.25 \
		--screenshot readme.png > out/screenshot/report.json
	cp out/screenshot/readme.png docs/visualizer-screenshot.png

## visualizer-fps: playback frames per second in headless Chromium, 200 and 1000 cars on the default
## highway (3 s runs, served with --serve, whole road in view, all broadcasts drawn, played at 0.25x), as JSON lines.
## The release build records and serves: a debug build takes minutes for the 1000-car run.
visualizer-fps: release test-deps
	@for n in 200 1000; do \
		$(BIN_RELEASE) run $(SCENARIO) --out out/fps-$$n --duration 3s --set "traffic[0].count=$$n" -q || exit 1; \
		$(BIN_RELEASE) visualize out/fps-$$n/trace.sqlite --serve --port 0 > out/fps-$$n/serve.log & pid=$$!; \
		while ! grep -q http out/fps-$$n/serve.log; do sleep 0.5; done; \
		url=$$(grep -o 'http://[0-9.:]*/' out/fps-$$n/serve.log); \
		python3 Tests/Browser/drive.py --url $$url --out out/fps-$$n --fit --play-from 0.5 --play-seconds 10 --speed 0.25 \
			| python3 -c "import json,sys; r=json.load(sys.stdin); p=r['play']; print(json.dumps({'vehicles': $$n, 'fps': round(p['fps'], 1), 'frames': p['frames'], 'wall_s': round(p['wall_s'], 2), 'vehicles_drawn': p['vehicles_drawn'], 'links': p['links'], 'console_errors': len(r['console_errors'])}))"; \
		kill $$pid; \
	done

clean:
	rm -rf .build out
