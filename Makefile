# Rekam — two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    builds and starts the station (installs missing system packages first)
#   make test   runs the whole test suite
# `make bench` checks the performance budgets.

SHELL := /bin/bash
GO ?= go
BIN := bin
export LANG := en_US.UTF-8
export LC_ALL :=

# Debian packages: the C compiler and GL/X11 headers Fyne needs, libusb for gousb,
# Xvfb and xdotool for real-window tests, umockdev for the emulated-USB tier.
SYS_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libusb-1.0-0-dev \
	xvfb xdotool x11-utils umockdev libumockdev0 gir1.2-umockdev-1.0 python3-gi

.PHONY: all deps build run test test-short bench vet clean

all: build

# deps installs missing system packages with apt-get when run as root or through sudo,
# and otherwise prints the exact command and stops. A second run installs nothing.
deps:
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 from https://go.dev/dl/"; exit 1; }
	@missing=""; for p in $(SYS_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "Missing system packages:$$missing"; \
		echo "Run as root: apt-get update && apt-get install -y$$missing"; exit 1; fi; \
	echo "Installing system packages:$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing

build: deps
	$(GO) build -o $(BIN)/ ./cmd/...

# run starts a local afisd on loopback (data under the user's data directory), provisions
# the station against it once, imports the Karanganyar region codes from ../shared when
# present, and opens the station window. afisd stops when the window closes.
DATA ?= $(HOME)/.local/share/rekam
AFISD_DATA ?= $(HOME)/.local/share/afisd
AFISD_ADDR ?= 127.0.0.1:8443
# The local training station's first admin (created at the first `make run`); log in
# with it, then add real operators in Pengaturan or with `rekam operator`.
ADMIN ?= admin
ADMIN_PASSWORD ?= latihan-admin
# ...and two training supervisors, latihan and pengawas: latihan records applicants (an
# admin may not), and the other approves latihan's overrides and finger exceptions (four
# eyes: nobody approves what they recorded).
OPERATOR_PASSWORD ?= latihan-op
WILAYAH ?= ../shared/data/wilayah/karanganyar-3313.csv

run: build
	@mkdir -p "$(DATA)" "$(AFISD_DATA)"
	@./$(BIN)/afisd --dir "$(AFISD_DATA)" --listen $(AFISD_ADDR) >>"$(AFISD_DATA)/afisd.out" 2>>"$(AFISD_DATA)/afisd.log" & echo $$! > "$(AFISD_DATA)/afisd.pid"; \
	trap 'kill $$(cat "$(AFISD_DATA)/afisd.pid") 2>/dev/null' EXIT; sleep 1; \
	if [ ! -f "$(DATA)/station.json" ]; then \
		./$(BIN)/afisd provision --dir "$(AFISD_DATA)" --listen $(AFISD_ADDR) --station LOCAL-01 > "$(DATA)/bundle.json" && \
		REKAM_PASSWORD="$(ADMIN_PASSWORD)" ./$(BIN)/rekam provision --data "$(DATA)" --admin "$(ADMIN)" "$(DATA)/bundle.json" && \
		printf '%s\n%s\n%s\n' "$(ADMIN_PASSWORD)" "$(OPERATOR_PASSWORD)" "$(OPERATOR_PASSWORD)" | \
			./$(BIN)/rekam operator --data "$(DATA)" --as "$(ADMIN)" add latihan supervisor Operator Latihan 2>/dev/null; \
		printf '%s\n%s\n%s\n' "$(ADMIN_PASSWORD)" "$(OPERATOR_PASSWORD)" "$(OPERATOR_PASSWORD)" | \
			./$(BIN)/rekam operator --data "$(DATA)" --as "$(ADMIN)" add pengawas supervisor Pengawas Latihan 2>/dev/null; \
	fi; \
	if [ -f "$(WILAYAH)" ] && [ ! -f "$(DATA)/.wilayah-imported" ]; then \
		REKAM_PASSWORD="$(ADMIN_PASSWORD)" ./$(BIN)/rekam import-wilayah --data "$(DATA)" --as "$(ADMIN)" "$(WILAYAH)" && touch "$(DATA)/.wilayah-imported"; \
	fi; \
	REKAM_DATA="$(DATA)" ./$(BIN)/rekam

test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./... 2>&1 | tee test.log; exit $${PIPESTATUS[0]}
	@# The race detector over the pure core, the store and the sync code (about 2 minutes
	@# on 2 cores); cmd/ and device/ run without it (their tests drive real processes).
	$(GO) test -race -count=1 -timeout 20m ./app/... ./store/... ./sync/... 2>&1 | tee -a test.log; exit $${PIPESTATUS[0]}

bench: deps
	$(GO) test -count=1 -run '^$$' -bench . -benchtime=1x -timeout 60m ./... 2>&1 | tee bench.log | $(GO) run ./cmd/benchcheck

clean:
	rm -rf $(BIN) test.log bench.log
