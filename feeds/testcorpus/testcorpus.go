// Package testcorpus locates the shared test data (../shared beside the
// checkout, or the folder named by NASHRA_TESTDATA) for tests in every
// package. Tests read the files in place; nothing from there is copied into
// the repository.
//
// When the folder is missing, Dir skips the calling test with a message that
// says how to get it, unless NASHRA_REQUIRE_TESTDATA is set (CI sets it), in
// which case the test fails: in CI those tests must always run.
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the absolute path of the shared test-data folder and whether it
// exists. The folder is $NASHRA_TESTDATA when set, else ../shared relative to
// the module root (the directory holding go.mod).
func Root() (string, bool) {
	if d := os.Getenv("NASHRA_TESTDATA"); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return d, false
		}
		st, err := os.Stat(abs)
		return abs, err == nil && st.IsDir()
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared")
			st, err := os.Stat(p)
			return p, err == nil && st.IsDir()
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}

// Dir returns the absolute path of rel (slash-separated, e.g.
// "corpus/ai-news") inside the shared test-data folder. If the folder or rel
// is missing, the test is skipped with a clear message, or failed when
// NASHRA_REQUIRE_TESTDATA is set.
func Dir(tb testing.TB, rel string) string {
	tb.Helper()
	root, ok := Root()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if ok {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "shared test data " + rel + " not found (looked in " + p + "); " +
		"put the shared folder beside the checkout as ../shared or set NASHRA_TESTDATA"
	if os.Getenv("NASHRA_REQUIRE_TESTDATA") != "" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}
