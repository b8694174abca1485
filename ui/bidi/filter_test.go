package bidi

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFilter(t *testing.T) {
	// The sanitizer the lead passes removes bidi embeddings and overrides;
	// this stand-in removes RLO only.
	clean := func(s string) string { return strings.ReplaceAll(s, "\u202E", "") }
	in := "abc\u202Egnp.exe\r\n\nواحد اثنان ثلاثة أربعة\nshort\n"

	var out strings.Builder
	if err := Filter(strings.NewReader(in), &out, 0, Options{}, clean); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(out.String(), "\n")
	want := []string{"abcgnp.exe", "", rev("أربعة") + " " + rev("ثلاثة") + " " + rev("اثنان") + " " + rev("واحد"), "short", ""}
	for i := range got {
		got[i] = unshape(got[i])
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Filter without width:\n got  %q\n want %q", got, want)
	}

	out.Reset()
	if err := Filter(strings.NewReader(in), &out, 12, Options{}, clean); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	// "abcgnp.exe" is LTR: unpadded. The Arabic paragraph wraps into two
	// right-aligned lines of 12 cells ("واحد اثنان" is 10 cells, adding
	// " ثلاثة" would make 16). "short" is unpadded.
	wantLines := []string{
		"abcgnp.exe",
		"",
		"  " + rev("اثنان") + " " + rev("واحد"),
		" " + rev("أربعة") + " " + rev("ثلاثة"),
		"short",
	}
	if len(lines) != len(wantLines) {
		t.Fatalf("Filter width 12 wrote %q", lines)
	}
	for i := range lines {
		if unshape(lines[i]) != wantLines[i] {
			t.Errorf("line %d = %q, want %q", i, unshape(lines[i]), wantLines[i])
		}
		if w := ansi.StringWidth(lines[i]); w > 12 || (strings.HasPrefix(wantLines[i], " ") && w != 12) {
			t.Errorf("line %d is %d cells", i, w)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("gone") }

func TestFilterErrors(t *testing.T) {
	if err := Filter(strings.NewReader(strings.Repeat("x\n", 10000)), failWriter{}, 0, Options{}, nil); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("write error = %v", err)
	}
	if err := Filter(failReader{}, &strings.Builder{}, 0, Options{}, nil); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Errorf("read error = %v", err)
	}
}
