package bidi

// tables.go is generated from the Unicode data in the shared test data
// (../shared/testdata/unicode, or $NASHRA_TESTDATA/testdata/unicode) and
// committed; regenerate with `go generate ./ui/bidi`.
//go:generate go run ./internal/gen -o tables.go
