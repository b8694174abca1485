package bidi

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	xbidi "golang.org/x/text/unicode/bidi"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

var classByName = map[string]xbidi.Class{
	"L": cL, "R": cR, "EN": cEN, "ES": cES, "ET": cET, "AN": cAN, "CS": cCS, "B": cB, "S": cS,
	"WS": cWS, "ON": cON, "BN": cBN, "NSM": cNSM, "AL": cAL, "LRO": cLRO, "RLO": cRLO,
	"LRE": cLRE, "RLE": cRLE, "PDF": cPDF, "LRI": cLRI, "RLI": cRLI, "FSI": cFSI, "PDI": cPDI,
}

// levelsAndOrder renders the resolved levels of a one-line paragraph ("x" for
// characters removed by X9) and its visual order in code points (L1, L2), the
// two things the conformance files check.
func levelsAndOrder(p *paragraph) (levels []string, order []int) {
	n := len(p.initial)
	line := make([]int8, n)
	p.lineLevels(0, n, line)
	var kept []int32
	var keptLevels []int8
	for i := 0; i < n; i++ {
		if removedByX9(p.initial[i]) {
			levels = append(levels, "x")
			continue
		}
		levels = append(levels, strconv.Itoa(int(line[i])))
		kept = append(kept, int32(i))
		keptLevels = append(keptLevels, line[i])
	}
	reorder(keptLevels, kept)
	for _, i := range kept {
		order = append(order, int(i))
	}
	return levels, order
}

func intsString(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, " ")
}

// TestBidiTest runs every case of BidiTest.txt (classes, not text) through
// rules P2–L2.
func TestBidiTest(t *testing.T) {
	path := filepath.Join(testcorpus.Dir(t, "testdata/unicode"), "BidiTest.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		wantLevels, wantOrder string
		p                     paragraph
		cases, failed, lineNo int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "@Levels:"):
			wantLevels = strings.Join(strings.Fields(line[len("@Levels:"):]), " ")
			continue
		case strings.HasPrefix(line, "@Reorder:"):
			wantOrder = strings.Join(strings.Fields(line[len("@Reorder:"):]), " ")
			continue
		case strings.HasPrefix(line, "@"):
			continue
		}
		input, bits, ok := strings.Cut(line, ";")
		if !ok {
			t.Fatalf("line %d: no bitset", lineNo)
		}
		var classes []xbidi.Class
		for _, name := range strings.Fields(input) {
			c, ok := classByName[name]
			if !ok {
				t.Fatalf("line %d: unknown class %q", lineNo, name)
			}
			classes = append(classes, c)
		}
		set, err := strconv.ParseUint(strings.TrimSpace(bits), 16, 8)
		if err != nil {
			t.Fatalf("line %d: %v", lineNo, err)
		}
		for _, d := range []struct {
			bit  uint64
			base int8
		}{{1, -1}, {2, 0}, {4, 1}} {
			if set&d.bit == 0 {
				continue
			}
			cases++
			p.setClasses(classes)
			p.resolve(d.base)
			levels, order := levelsAndOrder(&p)
			if got := strings.Join(levels, " "); got != wantLevels || intsString(order) != wantOrder {
				failed++
				if failed <= 20 {
					t.Errorf("line %d %q base %d: levels %q order %q, want %q %q", lineNo, input, d.base, got, intsString(order), wantLevels, wantOrder)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 490000 {
		t.Errorf("ran only %d cases", cases)
	}
	t.Logf("BidiTest.txt: %d cases, %d passed, %d failed", cases, cases-failed, failed)
}

// TestBidiCharacterTest runs every case of BidiCharacterTest.txt (code points,
// so classes come from lookupClass and brackets from BidiBrackets.txt).
func TestBidiCharacterTest(t *testing.T) {
	path := filepath.Join(testcorpus.Dir(t, "testdata/unicode"), "BidiCharacterTest.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		p                     paragraph
		cases, failed, lineNo int
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Split(line, ";")
		if len(fs) != 5 {
			t.Fatalf("line %d: %d fields", lineNo, len(fs))
		}
		var text []rune
		for _, h := range strings.Fields(fs[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("line %d: %v", lineNo, err)
			}
			text = append(text, rune(v))
		}
		base := map[string]int8{"0": 0, "1": 1, "2": -1}[fs[1]]
		cases++
		p.setRunes(text)
		p.resolve(base)
		levels, order := levelsAndOrder(&p)
		gotLevels, gotOrder := strings.Join(levels, " "), intsString(order)
		wantPara := strings.TrimSpace(fs[2])
		wantLevels := strings.Join(strings.Fields(fs[3]), " ")
		wantOrder := strings.Join(strings.Fields(fs[4]), " ")
		if strconv.Itoa(int(p.level)) != wantPara || gotLevels != wantLevels || gotOrder != wantOrder {
			failed++
			if failed <= 20 {
				t.Errorf("line %d %s dir %s: para %d levels %q order %q, want %s %q %q",
					lineNo, fs[0], fs[1], p.level, gotLevels, gotOrder, wantPara, wantLevels, wantOrder)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 90000 {
		t.Errorf("ran only %d cases", cases)
	}
	t.Logf("BidiCharacterTest.txt: %d cases, %d passed, %d failed", cases, cases-failed, failed)
}
