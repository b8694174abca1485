package bidi

import (
	"reflect"
	"strings"
	"testing"
)

// spanOf returns the span of the first occurrence of sub in s.
func spanOf(t *testing.T, s, sub string) Span {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, s)
	}
	return Span{i, i + len(sub)}
}

// marked returns the text of each marked run of l, unshaped (presentation
// forms back to letters), in visual order.
func marked(l MarkedLine) []string {
	var out []string
	for _, s := range l.Segments(0) {
		if s.Marked {
			out = append(out, unshape(s.Text))
		}
	}
	return out
}

// cellsOf returns the cells [r.From, r.To) of l.Text, cutting by the
// engine's own cluster widths, independently of Segments.
func cellsOf(l Line, r CellRange) string {
	var b strings.Builder
	col := 0
	for _, c := range splitCells(l.Text) {
		if col >= r.From && col+c.w <= r.To {
			b.WriteString(c.s)
		}
		col += c.w
	}
	return b.String()
}

func TestLayoutSpans(t *testing.T) {
	const (
		enAr = "The model نموذج جديد is out today"
		arEn = "أطلقت شركة OpenAI نموذجا جديدا اليوم"
	)
	tests := []struct {
		name  string
		in    string
		width int
		o     Options
		spans []string // substrings of in to mark
		want  [][]string
		rtl   []bool
	}{
		{
			// An Arabic word inside an English line: the RTL run "نموذج جديد"
			// is reversed as a whole, so the marked word shows after جديد,
			// read right to left.
			name: "Arabic word in English line", in: enAr, o: app,
			spans: []string{"نموذج"},
			want:  [][]string{{rev("نموذج")}},
			rtl:   []bool{false},
		},
		{
			// A Latin word inside an Arabic line stays left to right.
			name: "Latin word in Arabic line", in: arEn, o: app,
			spans: []string{"OpenAI"},
			want:  [][]string{{"OpenAI"}},
			rtl:   []bool{true},
		},
		{
			// Two words marked: each its own run of cells.
			name: "two Arabic words", in: arEn, o: app,
			spans: []string{"أطلقت", "اليوم"},
			want:  [][]string{{rev("اليوم"), rev("أطلقت")}},
			rtl:   []bool{true},
		},
		{
			// One logical range across a direction change ("model نموذج"):
			// two visual runs, the Latin part on the left, the Arabic part
			// after the next Arabic word.
			name: "span across a direction change", in: enAr, o: app,
			spans: []string{"model نموذج"},
			want:  [][]string{{"model ", rev("نموذج")}},
			rtl:   []bool{false},
		},
		{
			// A phrase across a wrap: the end of line 1 and the start of
			// line 2 (the space at the break is dropped with the line end).
			name: "span across a wrap", in: "Chip makers race to fill new data centre orders", width: 30, o: app,
			spans: []string{"new data centre"},
			want:  [][]string{{"new"}, {"data centre"}},
			rtl:   []bool{false, false},
		},
		{
			// The same in Arabic: the first words are on the top line, at
			// its right end.
			name: "Arabic span across a wrap", in: "قالت الشركة إن النموذج يحتاج إلى مزيد من الاختبارات", width: 30, o: app,
			spans: []string{"يحتاج إلى مزيد"},
			want:  [][]string{{rev("يحتاج")}, {rev("مزيد") + " " + rev("إلى")}},
			rtl:   []bool{true, true},
		},
		{
			// Harakat and tatweel are marked with their letters.
			name: "harakat", in: "قرأت كِتَابٌ مفيدا", o: appRTL,
			spans: []string{"كِتَابٌ"},
			want:  [][]string{{"بٌاتَكِ"}}, // clusters reversed, each mark after its letter
			rtl:   []bool{true},
		},
		{
			// Terminal mode keeps logical order: the marked cells are the
			// logical ones (the LRM/RLM guards take no cells).
			name: "terminal mode", in: arEn, o: Options{Mode: Terminal},
			spans: []string{"OpenAI"},
			want:  [][]string{{"OpenAI"}},
			rtl:   []bool{true},
		},
		{
			name: "off mode", in: arEn, o: Options{Mode: Off},
			spans: []string{"نموذجا"},
			want:  [][]string{{"نموذجا"}},
			rtl:   []bool{false},
		},
		{
			// A lam + alef pair written as two cells: both cells marked.
			name: "lam alef", in: "مرحبا بالعالم الآن", o: appRTL,
			spans: []string{"الآن"},
			want:  [][]string{{"نآلا"}},
			rtl:   []bool{true},
		},
		{
			name: "no spans", in: enAr, o: app,
			want: [][]string{nil},
			rtl:  []bool{false},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var spans []Span
			for _, s := range tc.spans {
				spans = append(spans, spanOf(t, tc.in, s))
			}
			got := LayoutSpans(tc.in, tc.width, tc.o, spans)
			plain := Layout(tc.in, tc.width, tc.o)
			if len(got) != len(tc.want) || len(plain) != len(got) {
				t.Fatalf("%d lines (Layout: %d), want %d", len(got), len(plain), len(tc.want))
			}
			for i, l := range got {
				if l.Line != plain[i] {
					t.Errorf("line %d: %+v, Layout gives %+v", i, l.Line, plain[i])
				}
				if l.RTL != tc.rtl[i] {
					t.Errorf("line %d: RTL %v, want %v", i, l.RTL, tc.rtl[i])
				}
				m := marked(l)
				if tc.o.Mode == Terminal {
					for j := range m {
						m[j] = stripMarks(m[j])
					}
				}
				if !reflect.DeepEqual(m, tc.want[i]) {
					t.Errorf("line %d %q: marked %q, want %q (marks %v)", i, unshape(l.Text), m, tc.want[i], l.Marks)
				}
				// The ranges agree with a cut by cells, and are sorted and
				// apart.
				for j, r := range l.Marks {
					if r.From < 0 || r.To > l.Width || r.From >= r.To || (j > 0 && r.From <= l.Marks[j-1].To) {
						t.Errorf("line %d: bad ranges %v (width %d)", i, l.Marks, l.Width)
					}
					if tc.o.Mode != Terminal && unshape(cellsOf(l.Line, r)) != m[j] {
						t.Errorf("line %d: range %v holds %q, Segments %q", i, r, unshape(cellsOf(l.Line, r)), m[j])
					}
				}
			}
		})
	}
}

func TestSegmentsPad(t *testing.T) {
	in := "أطلقت شركة OpenAI نموذجا"
	l := LayoutSpans(in, 0, app, []Span{spanOf(t, in, "OpenAI")})[0]
	for _, w := range []int{0, l.Width, l.Width + 7} {
		var b strings.Builder
		for _, s := range l.Segments(w) {
			b.WriteString(s.Text)
		}
		if got, want := b.String(), l.Pad(w); got != want {
			t.Errorf("Segments(%d) join to %q, Pad gives %q", w, got, want)
		}
	}
	segs := l.Segments(l.Width + 3)
	if !strings.HasPrefix(segs[0].Text, "   ") || segs[0].Marked {
		t.Errorf("RTL padding is not an unmarked leading run: %+v", segs[0])
	}
}

func TestTruncateSpans(t *testing.T) {
	in := "Regulators open a consultation on model audits"
	tests := []struct {
		width int
		spans []string
		want  []string
	}{
		{0, []string{"consultation"}, []string{"consultation"}},
		{25, []string{"consultation"}, []string{"consul"}}, // cut inside the word
		{20, []string{"audits"}, nil},                      // cut off: nothing marked
		{20, []string{"open"}, []string{"open"}},
	}
	for _, tc := range tests {
		var spans []Span
		for _, s := range tc.spans {
			spans = append(spans, spanOf(t, in, s))
		}
		got := TruncateSpans(in, tc.width, app, spans)
		if plain := Truncate(in, tc.width, app); got.Line != plain {
			t.Errorf("width %d: %+v, Truncate gives %+v", tc.width, got.Line, plain)
		}
		if m := marked(got); !reflect.DeepEqual(m, tc.want) {
			t.Errorf("width %d %q: marked %q, want %q", tc.width, got.Text, m, tc.want)
		}
	}
	// Arabic, cut: the ellipsis is at the left end and never marked.
	ar := "ميتا تؤجل إطلاق نموذجها الأكبر إلى الخريف"
	got := TruncateSpans(ar, 16, appRTL, []Span{spanOf(t, ar, "تؤجل"), spanOf(t, ar, "الخريف")})
	if !strings.HasPrefix(got.Text, "…") {
		t.Fatalf("no ellipsis at the left: %q", got.Text)
	}
	if m := marked(got); !reflect.DeepEqual(m, []string{rev("تؤجل")}) {
		t.Errorf("marked %q, want only %q", m, rev("تؤجل"))
	}
}

// Spans out of range, overlapping or unsorted, and invalid UTF-8 do not
// disturb the layout.
func TestLayoutSpansOddInput(t *testing.T) {
	in := "abc \xff\xfe نص def"
	spans := []Span{{100, 200}, {-5, 2}, {5, 3}, {1, 4}, {0, 2}, {len(in) - 3, len(in)}}
	got := LayoutSpans(in, 5, app, spans)
	plain := Layout(in, 5, app)
	if len(got) != len(plain) {
		t.Fatalf("%d lines, Layout %d", len(got), len(plain))
	}
	for i := range got {
		if got[i].Line != plain[i] {
			t.Errorf("line %d differs from Layout", i)
		}
	}
	if m := marked(got[0]); !reflect.DeepEqual(m, []string{"abc"}) {
		t.Errorf("first line marked %q, want abc", m)
	}
	if m := marked(got[len(got)-1]); !reflect.DeepEqual(m, []string{"def"}) {
		t.Errorf("last line marked %q, want def", m)
	}
}

// FuzzLayoutSpans checks, for any text, spans, width and mode, that
// LayoutSpans lays out exactly what Layout does, that the marks are sorted
// ranges inside the line, and that Segments put the padded line back
// together.
func FuzzLayoutSpans(f *testing.F) {
	f.Add("The model نموذج جديد is out", 12, 4, 9, uint8(0))
	f.Add("أطلقت شركة OpenAI نموذجا", 7, 22, 28, uint8(1))
	f.Add("abc\u202Egnp.exe \u0644\u0627", 3, 0, 100, uint8(2))
	f.Fuzz(func(t *testing.T, s string, width, start, end int, mode uint8) {
		if len(s) > 2048 {
			return
		}
		width %= 120
		o := Options{Mode: Mode(mode % 3)}
		spans := []Span{{start, end}, {end / 2, start}}
		got := LayoutSpans(s, width, o, spans)
		plain := Layout(s, width, o)
		if len(got) != len(plain) {
			t.Fatalf("%d lines, Layout %d", len(got), len(plain))
		}
		for i, l := range got {
			if l.Line != plain[i] {
				t.Fatalf("line %d: %+v, Layout %+v", i, l.Line, plain[i])
			}
			for j, r := range l.Marks {
				if r.From < 0 || r.To > l.Width || r.From >= r.To || (j > 0 && r.From <= l.Marks[j-1].To) {
					t.Fatalf("line %d: bad ranges %v (width %d)", i, l.Marks, l.Width)
				}
			}
			var b strings.Builder
			for _, sg := range l.Segments(width) {
				b.WriteString(sg.Text)
			}
			if b.String() != l.Pad(width) {
				t.Fatalf("line %d: Segments join to %q, Pad %q", i, b.String(), l.Pad(width))
			}
		}
		if width > 0 {
			tr := TruncateSpans(s, width, o, spans)
			if tr.Line != Truncate(s, width, o) {
				t.Fatalf("TruncateSpans %+v, Truncate %+v", tr.Line, Truncate(s, width, o))
			}
		}
	})
}

// BenchmarkLayoutSpansArabic2000 is BenchmarkLayoutArabic2000 with every
// occurrence of a frequent word marked (about 40 spans), as a search
// highlight in the reader: the cost of the marks over Layout.
func BenchmarkLayoutSpansArabic2000(b *testing.B) {
	s := benchParagraph()
	var spans []Span
	for i := 0; ; {
		j := strings.Index(s[i:], "مليون")
		if j < 0 {
			break
		}
		spans = append(spans, Span{i + j, i + j + len("مليون")})
		i += j + 1
	}
	for i := 0; ; {
		j := strings.Index(s[i:], "OpenAI")
		if j < 0 {
			break
		}
		spans = append(spans, Span{i + j, i + j + len("OpenAI")})
		i += j + 1
	}
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		LayoutSpans(s, 80, Options{}, spans)
	}
}
