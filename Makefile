# Wegwijzer. `make run` starts the portal with the demo content; `make test`
# runs every test (Redis-backed tests start their own redis-server).
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
BIN     := bin/wegwijzer

AXE     := .ci/node_modules/axe-core/axe.min.js
# Test artifacts (the browser suite's screenshots) land here.
ARTIFACTS ?= $(CURDIR)/.ci/artifacts

.PHONY: all build run test short fuzz cover lint bench validate docker clean

all: lint test build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/wegwijzer

run:
	$(GO) run ./cmd/wegwijzer serve

# gotestsum prints each package as it finishes (TESTFORMAT=testname: each
# test) and every failure in full, then the slowest tests. A package gets
# at most TESTTIMEOUT; browser tests share one Chromium, a tab each.
TESTFORMAT  ?= pkgname-and-test-fails
TESTTIMEOUT ?= 8m

test: $(AXE)
	@mkdir -p $(ARTIFACTS)
	$(GO) tool gotestsum --format $(TESTFORMAT) --hide-summary=skipped --jsonfile $(ARTIFACTS)/test.json -- \
		-race -count=1 -timeout $(TESTTIMEOUT) -artifacts -outputdir=$(ARTIFACTS) ./...
	@echo "slowest tests (over 5 s):"; $(GO) tool gotestsum tool slowest --jsonfile $(ARTIFACTS)/test.json --threshold 5s
	@$(MAKE) --no-print-directory fuzz FUZZTIME=3s

# The inner loop: no browser and no soak, no race detector; under a minute.
short:
	$(GO) tool gotestsum --format $(TESTFORMAT) --hide-summary=skipped -- -short -count=1 -timeout 2m ./...

# Fuzz targets: package and name. `make test` runs each for a few
# seconds; `make fuzz FUZZTIME=5m` runs them longer. A failing input is
# kept under the package's testdata/fuzz and runs with every `go test`.
FUZZ = internal/catalog:FuzzParsePostcode internal/codes:FuzzNormalize internal/nlu:FuzzNormalize \
	internal/web:FuzzShareLink internal/web:FuzzChatBody internal/web:FuzzContactForm
FUZZTIME ?= 1m

fuzz:
	@set -e; for t in $(FUZZ); do \
		echo "fuzz $${t#*:} ($${t%%:*}, $(FUZZTIME))"; \
		$(GO) test ./$${t%%:*} -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -timeout 10m > /tmp/wegwijzer-fuzz.log 2>&1 || { cat /tmp/wegwijzer-fuzz.log; exit 1; }; \
	done

# axe-core, the accessibility rules the browser suite injects into pages,
# pinned in .ci/package-lock.json. Without npm the browser suite skips
# locally (and fails under CI=true).
$(AXE): .ci/package.json .ci/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix .ci --no-audit --no-fund --loglevel=error; else echo "npm not installed: the accessibility suite will be skipped"; fi

cover:
	$(GO) test -count=1 -coverprofile=cover.out ./...
	$(GO) tool cover -func=cover.out | tail -n 1

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run ./...; else echo "golangci-lint not installed: skipped"; fi

# Soak: real Redis and two portal processes under residents' load for
# SOAK_DURATION, with Redis restarted and one portal killed midway. Prints
# requests, latencies, contact requests accepted/stored/delivered and
# memory; fails on a lost or duplicated request or unexpected answers.
.PHONY: soak
SOAK_DURATION ?= 20s

soak:
	SOAK_DURATION=$(SOAK_DURATION) $(GO) test ./internal/soak -run TestSoak -count=1 -v -timeout 15m

# Load: real Redis, the built portal and a floor program (one Redis key
# and a tiny template: the least a page could cost here), each page under
# the same load for LOADTEST_DURATION with LOADTEST_CONNS workers. Prints
# req/s, p50/p99 against the floor, memory with 10,000 sessions and Redis
# bytes per session; fails on wrong answers, not on the throughput goals.
# LOADTEST_PROFILE=dir saves CPU and heap profiles of the portal there.
.PHONY: loadtest
LOADTEST_DURATION ?= 8s

loadtest:
	LOADTEST_DURATION=$(LOADTEST_DURATION) $(GO) test ./internal/loadtest -run TestLoad -count=1 -v -timeout 20m

# The benchmarks (quality figures, rendering, the text model), then the
# load run against the floor program, so one command prints every figure.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 20m ./...
	@$(MAKE) --no-print-directory loadtest

validate:
	$(GO) run ./cmd/wegwijzer validate $(DIR)

docker:
	docker build --build-arg VERSION=$(VERSION) -t wegwijzer:$(VERSION) .

clean:
	rm -rf bin cover.out .ci/artifacts .ci/node_modules
