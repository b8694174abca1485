package bidi

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// isolatedToBase maps every isolated presentation form back to its letter,
// the comparison rule of ../shared/testdata/bidi/README.md (FriBidi leaves
// some letters, hamza among them, in their base form where nashra writes the
// isolated form; a font draws both the same).
var isolatedToBase = func() map[rune]rune {
	m := map[rune]rune{}
	for _, f := range arabicForms {
		if iso := f.forms[formIsolated]; iso != 0 {
			m[iso] = f.r
		}
	}
	return m
}()

func normalizeGolden(s string) string {
	s = strings.Map(func(r rune) rune {
		if b, ok := isolatedToBase[r]; ok {
			return b
		}
		return r
	}, s)
	return strings.TrimRight(s, " ")
}

// TestFriBidiGolden feeds every logical line of fribidi-golden.tsv through
// Filter (no width, base direction auto, App mode) and compares with the
// visual line GNU FriBidi 1.0.8 printed.
func TestFriBidiGolden(t *testing.T) {
	path := filepath.Join(testcorpus.Dir(t, "testdata/bidi"), "fribidi-golden.tsv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids, logical, want []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 3 {
			t.Fatalf("row %q: %d fields", line, len(fs))
		}
		ids, logical, want = append(ids, fs[0]), append(logical, fs[1]), append(want, fs[2])
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	in := strings.Join(logical, "\n") + "\n"
	if err := Filter(strings.NewReader(in), &out, 0, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != len(logical) {
		t.Fatalf("Filter wrote %d lines for %d", len(got), len(logical))
	}
	failed := 0
	for i := range logical {
		if normalizeGolden(got[i]) != normalizeGolden(want[i]) {
			failed++
			if failed <= 15 {
				t.Errorf("%s: logical %q\n got  %q\n want %q", ids[i], logical[i], got[i], want[i])
			}
		}
	}
	if len(logical) < 700 {
		t.Errorf("only %d rows", len(logical))
	}
	t.Logf("fribidi-golden.tsv: %d rows, %d match, %d differ", len(logical), len(logical)-failed, failed)
}
