# nashra — see README.md. The sqlite_fts5 tag is required (full-text search);
# it is passed through GOFLAGS so that go build, go test, benchmarks and
# fuzzing all build the same way.
export GOFLAGS := -tags=sqlite_fts5
export CGO_ENABLED := 1

BIN := nashra
FUZZTIME ?= 30s

.PHONY: build run test bench fuzz vet clean

build:
	go build -o $(BIN) .

run: build
	./$(BIN) --demo

vet:
	go vet ./...

test: vet
	go test ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

fuzz:
	@for pkg in $$(go list ./...); do \
	  for f in $$(go test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -f $(BIN)
