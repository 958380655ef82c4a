# Makefile: the two commands of README.md, and a few conveniences.
# The real build is CMake (CMakeLists.txt); this file only drives it.
#   make run    install what is missing, build, create the demo database, serve
#   make test   install what the tests need, build with sanitizers, run every suite
.PHONY: all build run test deps deps-test bench clean format

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
TESTBUILD := build/test
DB ?= var/leerpad.db
PORT ?= 8080

all: build

deps:
	@scripts/install-deps run

deps-test:
	@scripts/install-deps test
	@scripts/install-node-deps

build: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

run: build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then \
	  $(RELEASE)/leerpad init --db $(DB) && $(RELEASE)/leerpad demo --db $(DB); \
	fi
	@$(RELEASE)/leerpad demo --db $(DB) --logins
	@exec $(RELEASE)/leerpad serve --db $(DB) --address 127.0.0.1 --port $(PORT)

test: deps-test
	@cmake -S . -B $(TESTBUILD) -DCMAKE_BUILD_TYPE=Debug -DLEERPAD_SANITIZE=ON -DBUILD_TESTING=ON >/dev/null
	@cmake --build $(TESTBUILD) -j $(JOBS)
	@cd $(TESTBUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/install-deps bench
	@bench/run
	@bench/run-postgres

clean:
	rm -rf build

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')
