package bidi

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// unshape maps Arabic presentation forms back to their letters through
// compatibility normalization (x/text's NFKC, independent of the engine's
// generated tables), one rune at a time so marks keep their order.
func unshape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF) {
			if d := []rune(norm.NFKC.String(string(r))); len(d) == 1 {
				r = d[0]
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rev reverses the runes of a word without marks: how a right-to-left word
// reads when printed left to right.
func rev(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

var (
	app    = Options{Mode: App}
	appRTL = Options{Mode: App, Base: RTL}
)

// TestVisualHardCases pins the ordering of the cases issue 3 lists. Each
// expectation is worked out from the rules named in its comment; the engine
// output is compared after unshape, and shaping is tested on its own below.
func TestVisualHardCases(t *testing.T) {
	tests := []struct {
		name, in string
		o        Options
		want     string
	}{
		{
			// The digits follow AL, so W2 makes them AN; W5 (ET next to EN)
			// then does not apply, W6 makes "%" ON and N1 makes it R (AN
			// counts as R): the number is at level 2, the sign at level 1, so
			// the sign shows on the number's left, as Arabic readers expect.
			name: "percentage", in: "ارتفع السهم 40% اليوم", o: app,
			want: rev("اليوم") + " %40 " + rev("السهم") + " " + rev("ارتفع"),
		},
		{
			// The same in Hebrew: R, not AL, so W2 leaves EN alone, W5 makes
			// "%" EN and the whole "40%" is one number.
			name: "percentage hebrew", in: "עלה 40% היום", o: app,
			want: rev("היום") + " 40% " + rev("עלה"),
		},
		{
			// Sign first: ET before AN stays outside the number (W5 needs EN).
			name: "percent sign first", in: "نمو %15 سنويا", o: app,
			want: rev("سنويا") + " 15% " + rev("نمو"),
		},
		{
			// Decimal point is CS between ENs (W4); the ENs follow AL so W2
			// makes them AN, and W4 keeps AN CS AN together.
			name: "decimal after Arabic", in: "بلغت 12.5 مليون", o: app,
			want: rev("مليون") + " 12.5 " + rev("بلغت"),
		},
		{
			// After AL the digits are AN (W2). "/" is CS: AN CS AN is one
			// number (W4), so the slashed date reads left to right. "-" is ES,
			// which W4 joins only between ENs: it becomes ON, then R (N1,
			// between ANs), so the three parts of the dashed date are laid
			// right to left: day-month-year on screen.
			name: "dates", in: "من 2024/03/01 إلى 2024-09-30", o: app,
			want: "30-09-2024 " + rev("إلى") + " 2024/03/01 " + rev("من"),
		},
		{
			// In an LTR paragraph with no Arabic before it the dashed date is
			// EN ES EN (W4): one number.
			name: "dates ltr", in: "Released 2024-09-30 في دبي", o: app,
			want: "Released 2024-09-30 " + rev("دبي") + " " + rev("في"),
		},
		{
			// ":" is CS between ENs (W4).
			name: "time", in: "تبدأ الجلسة 10:30 مساء", o: app,
			want: rev("مساء") + " 10:30 " + rev("الجلسة") + " " + rev("تبدأ"),
		},
		{
			// Arabic-Indic digits and the Arabic decimal separator are AN:
			// level 2, left to right.
			name: "arabic-indic digits", in: "تجاوز ٣٫٥ مليون", o: app,
			want: rev("مليون") + " ٣٫٥ " + rev("تجاوز"),
		},
		{
			// A number range with Arabic-Indic digits: AN CS AN (W4) stays one
			// number.
			name: "arabic-indic with slash", in: "العدد ١٢/٣٤", o: app,
			want: "١٢/٣٤ " + rev("العدد"),
		},
		{
			// N0: the brackets enclose R only, so they take the embedding
			// direction R (level 1), are reversed with the text and mirrored
			// by L4, so they still read as an opening and a closing bracket.
			name: "brackets", in: "قال (المدير) إن", o: app,
			want: rev("إن") + " (" + rev("المدير") + ") " + rev("قال"),
		},
		{
			// « and » are mirrored at odd levels (BidiMirroring.txt).
			name: "guillemets", in: "قال «مرحبا»", o: app,
			want: "«" + rev("مرحبا") + "» " + rev("قال"),
		},
		{
			// A Latin name inside Arabic is one L run at level 2: its words
			// keep their order, the Arabic around it is reversed.
			name: "latin name", in: "التقى Sam Altman في الرياض", o: app,
			want: rev("الرياض") + " " + rev("في") + " Sam Altman " + rev("التقى"),
		},
		{
			// English headline in an LTR paragraph: nothing moves.
			name: "english headline", in: "OpenAI releases GPT-5 (preview)", o: app,
			want: "OpenAI releases GPT-5 (preview)",
		},
		{
			// An Arabic word inside an English sentence: only the word is
			// reversed; the period stays at the end (N1 between L and eos L).
			name: "arabic in english", in: "The word نشرة means bulletin.", o: app,
			want: "The word " + rev("نشرة") + " means bulletin.",
		},
		{
			// Brackets around Latin inside an RTL paragraph: N0 finds L
			// inside (opposite to the embedding direction R) and R before the
			// opener, so the brackets become R: they sit outside the Latin.
			name: "latin in brackets", in: "نموذج (GPT) جديد", o: app,
			want: rev("جديد") + " (GPT) " + rev("نموذج"),
		},
		{
			// Trailing punctuation of an RTL sentence is at the visual left
			// (N1: between R and eos R).
			name: "question mark", in: "هل هذا صحيح؟", o: app,
			want: "؟" + rev("صحيح") + " " + rev("هذا") + " " + rev("هل"),
		},
		{
			// An RTL sentence forced into an LTR paragraph: the Arabic run is
			// reversed as a whole, the trailing "!" goes to the right end.
			name: "forced ltr", in: "مرحبا بكم!", o: Options{Base: LTR},
			want: rev("بكم") + " " + rev("مرحبا") + "!",
		},
		{
			// Trojan Source: RLO overrides the rest of the field to R (X4,
			// X6), so it is shown reversed; the override is removed by X9 and
			// not written, so it cannot reach the next field.
			name: "trojan source", in: "abc\u202Egnp.exe", o: app,
			want: "abcexe.png",
		},
		{
			// An isolate keeps its content's direction without touching the
			// surroundings (X5a, X6a).
			name: "isolate", in: "user \u2067مستخدم\u2069 (3)", o: app,
			want: "user " + rev("مستخدم") + " (3)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Visual(tt.in, tt.o)
			if u := unshape(got); u != tt.want {
				t.Errorf("Visual(%q)\n got  %q\n want %q", tt.in, u, tt.want)
			}
			if strings.ContainsFunc(got, func(r rune) bool { return isBidiControl(r, true) }) {
				t.Errorf("Visual(%q) = %q contains bidi controls", tt.in, got)
			}
		})
	}
}

// TestShaping pins presentation forms (code points from UnicodeData.txt).
func TestShaping(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// beh initial, yeh medial, teh final; printed left to right.
		{"word", "بيت", "\uFE96\uFEF4\uFE91"},
		// Tatweel is join-causing: ain joins it (initial), reh joins it
		// (final) and, being right-joining, cuts the word; beh+yeh join.
		{"tatweel", "عـربي", "\uFEF2\uFE91\uFEAE\u0640\uFECB"},
		// Lam + alef: two cells, final alef then initial lam; a following
		// meem cannot join the alef, so it is isolated.
		{"lam alef initial", "لام", "\uFEE1\uFE8E\uFEDF"},
		// Inside a word the lam is medial.
		{"lam alef medial", "سلام", "\uFEE1\uFE8E\uFEE0\uFEB3"},
		// Alef with hamza above after lam.
		{"lam hamza alef", "لأن", "\uFEE5\uFE84\uFEDF"},
		// Noon initial, sheen medial, reh final; reh joins only the letter
		// before it, so teh marbuta after it is isolated.
		{"teh marbuta", "نشرة", "\uFE93\uFEAE\uFEB8\uFEE7"},
		// Teh marbuta final after a dual-joining letter (meem medial).
		{"teh marbuta final", "نعمة", "\uFE94\uFEE4\uFECC\uFEE7"},
		// Persian letters from Presentation Forms-A: peh initial, then
		// farsi yeh final.
		{"persian", "پی", "\uFBFD\uFB58"},
		// Harakat are transparent: meem (initial) still joins hah (medial)
		// across damma and fatha; each mark follows its letter.
		{"harakat", "مُحَمَّد", "\uFEAA\uFEE4\u064E\u0651\uFEA4\u064E\uFEE3\u064F"},
		// ZWNJ breaks the join: meem isolated-then-final pattern.
		{"zwnj", "م\u200cم", "\uFEE1\uFEE1"},
		// A lone hamza has only an isolated form.
		{"hamza", "ء", "\uFE80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Visual(tt.in, app)
			got = strings.ReplaceAll(got, "\u200c", "")
			if got != tt.want {
				t.Errorf("Visual(%q) = %+q, want %+q", tt.in, got, tt.want)
			}
			for _, r := range got {
				if r >= 0xFEF5 && r <= 0xFEFC {
					t.Errorf("lam-alef ligature %U in %q", r, got)
				}
			}
			if w, lw := ansi.StringWidth(got), ansi.StringWidth(tt.in); w != lw {
				t.Errorf("shaping changed the width: %d cells, logical %d", w, lw)
			}
		})
	}
}

// TestHarakatFollowTheirLetter checks that display reordering reverses
// grapheme clusters (marks stay after their letter) while the conformance
// (code point) order reverses every code point.
func TestHarakatFollowTheirLetter(t *testing.T) {
	in := "كَتَبَ"
	got := []rune(unshape(Visual(in, app)))
	want := []rune("بَتَكَ")
	if string(got) != string(want) {
		t.Fatalf("Visual(%q) = %q, want %q", in, string(got), string(want))
	}
	var p paragraph
	p.setRunes([]rune(in))
	p.resolve(-1)
	_, order := levelsAndOrder(&p)
	if wantOrder := []int{5, 4, 3, 2, 1, 0}; !slices.Equal(order, wantOrder) {
		t.Errorf("code point order %v, want %v", order, wantOrder)
	}
}

// TestWrapParagraph wraps an Arabic paragraph at 20, 40 and 80 cells: every
// line fits, lines are right-aligned RTL lines, the first words are on the
// top line, reading the lines top to bottom (each right to left) gives the
// paragraph back, and the wrap is greedy.
func TestWrapParagraph(t *testing.T) {
	para := "تستعد الجامعة لإطلاق برنامج جديد لتعليم البرمجة للأطفال في المدارس الحكومية خلال العام المقبل بعد نجاح التجربة الأولى التي شملت عشر مدارس في ثلاث مدن مختلفة"
	words := strings.Fields(para)
	for _, width := range []int{20, 40, 80} {
		lines := Layout(para, width, app)
		if len(lines) < 2 {
			t.Fatalf("width %d: %d lines, want a wrapped paragraph", width, len(lines))
		}
		var read []string
		for i, l := range lines {
			if l.Width > width || l.Width != ansi.StringWidth(l.Text) {
				t.Errorf("width %d line %d: Width %d, measured %d", width, i, l.Width, ansi.StringWidth(l.Text))
			}
			if !l.RTL {
				t.Errorf("width %d line %d: not RTL", width, i)
			}
			padded := l.Pad(width)
			if ansi.StringWidth(padded) != width || !strings.HasSuffix(padded, l.Text) {
				t.Errorf("width %d line %d: Pad = %q, want right-aligned", width, i, padded)
			}
			// No marks in this paragraph, so reversing runes gives logical order.
			logical := rev(unshape(l.Text))
			read = append(read, strings.Fields(logical)...)
			if i == 0 && !strings.HasPrefix(logical, words[0]+" "+words[1]) {
				t.Errorf("width %d: top line %q does not start with the first words", width, logical)
			}
			if i+1 < len(lines) {
				next := strings.Fields(rev(unshape(lines[i+1].Text)))[0]
				if l.Width+1+utf8.RuneCountInString(next) <= width {
					t.Errorf("width %d line %d: %q would have fit", width, i, next)
				}
			}
		}
		if !slices.Equal(read, words) {
			t.Errorf("width %d: lines read %q, want %q", width, read, words)
		}
	}
}

// TestWrapLongWord breaks a word longer than the box between clusters.
func TestWrapLongWord(t *testing.T) {
	lines := Layout("abcdefghij klm", 4, app)
	var got []string
	for _, l := range lines {
		got = append(got, l.Text)
	}
	if want := []string{"abcd", "efgh", "ij", "klm"}; !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	// A double-width character in a one-cell box is drawn as "…".
	if l := Layout("日", 1, app); len(l) != 1 || l[0].Text != "…" || l[0].Width != 1 {
		t.Errorf("wide char in 1 cell: %+v", l)
	}
}

// TestWrapMixedLine wraps a mixed line: each line is reordered on its own
// (lines are broken in logical order first).
func TestWrapMixedLine(t *testing.T) {
	lines := Layout("أطلقت OpenAI نموذج GPT-5 اليوم", 12, appRTL)
	var got []string
	for _, l := range lines {
		got = append(got, unshape(l.Text))
	}
	want := []string{"OpenAI " + rev("أطلقت"), "GPT-5 " + rev("نموذج"), rev("اليوم")}
	if !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
}

// TestTruncate checks that the ellipsis ends the reading direction.
func TestTruncate(t *testing.T) {
	ar := "شركة ناشئة تجمع تمويلا جديدا"
	l := Truncate(ar, 12, app)
	if l.Width > 12 || !l.RTL {
		t.Fatalf("Truncate = %+v", l)
	}
	// Logical "شركة ناشئة" (10 cells) + "…" (the space before the cut is
	// dropped): the ellipsis is the leftmost cell.
	if want := "…" + rev("ناشئة") + " " + rev("شركة"); unshape(l.Text) != want {
		t.Errorf("Truncate RTL = %q, want %q", unshape(l.Text), want)
	}
	en := Truncate("OpenAI releases a new model", 12, app)
	// The cut is between grapheme clusters: 11 cells of text and "…".
	if en.Text != "OpenAI rele…" || en.Width != 12 {
		t.Errorf("Truncate LTR = %+v, want OpenAI rele…", en)
	}
	if l := Truncate("short", 12, app); l.Text != "short" {
		t.Errorf("Truncate fitting text = %q", l.Text)
	}
	if l := Truncate("abcdef", 1, app); l.Text != "…" {
		t.Errorf("Truncate to 1 cell = %q", l.Text)
	}
	// The cut is logical: "abc" RLO "gnp.e" is kept (8 cells) and shown
	// with the override ("e.png"); the override open at the cut is closed
	// before the ellipsis, so the ellipsis still ends the line.
	if l := Truncate("abc\u202Egnp.exe and more", 9, app); l.Text != "abce.png…" {
		t.Errorf("Truncate with override = %q, want abce.png…", l.Text)
	}
	// The base direction is resolved on the whole text: a title starting
	// with a number stays RTL after the cut.
	if l := Truncate("2025 عام الذكاء الاصطناعي", 10, app); !l.RTL || !strings.HasPrefix(l.Text, "…") {
		t.Errorf("Truncate number-first RTL = %+v", l)
	}
}

// TestModes checks Terminal and Off output.
func TestModes(t *testing.T) {
	in := "قال (المدير)"
	term := Layout(in, 0, Options{Mode: Terminal})[0]
	// LRM RLM … RLM LRM: the row stays LTR, the field's neutrals stay in
	// it, and what follows is not pulled into its run.
	if term.Text != "\u200E\u200F"+in+"\u200F\u200E" || !term.RTL || term.Width != ansi.StringWidth(in) {
		t.Errorf("Terminal = %+v", term)
	}
	off := Layout(in, 0, Options{Mode: Off})[0]
	if off.Text != in || off.RTL {
		t.Errorf("Off = %+v", off)
	}
	ltr := Layout("hello", 0, Options{Mode: Terminal})[0]
	if ltr.Text != "\u200Ehello\u200E" || ltr.RTL {
		t.Errorf("Terminal LTR = %+v", ltr)
	}
	// Overrides are not written in Terminal mode: the terminal's own bidi
	// must not see them.
	tro := Layout("abc\u202Egnp.exe", 0, Options{Mode: Terminal})[0]
	if tro.Text != "\u200Eabcgnp.exe\u200E" {
		t.Errorf("Terminal Trojan Source = %+q", tro.Text)
	}
	// Terminal mode wraps and keeps logical order within each line.
	lines := Layout("واحد اثنان ثلاثة", 11, Options{Mode: Terminal})
	if len(lines) != 2 || lines[0].Text != "\u200E\u200Fواحد اثنان\u200F\u200E" || lines[1].Text != "\u200E\u200Fثلاثة\u200F\u200E" {
		t.Errorf("Terminal wrap = %+v", lines)
	}
}

// TestFieldsDoNotLeak lays out a Trojan-Source title beside another field:
// the second field is unchanged, and no line carries a control character.
func TestFieldsDoNotLeak(t *testing.T) {
	title := Truncate("abc\u202Egnp.exe", 20, app)
	feed := Truncate("My Feed 2", 20, app)
	row := title.Pad(20) + "│" + feed.Pad(20)
	if want := "abcexe.png          │My Feed 2           "; row != want {
		t.Errorf("row %q, want %q", row, want)
	}
	for _, r := range row {
		if r < 0x20 || isBidiControl(r, true) {
			t.Errorf("row contains %U", r)
		}
	}
}

// TestControlsAndSeparators: C0/C1 controls never reach the terminal, a
// paragraph separator inside a field does not end the paragraph.
func TestControlsAndSeparators(t *testing.T) {
	got := Visual("a\tb\x1b[31mc\u0085d\u2029e\x7f", app)
	if want := "a b\uFFFD[31mc d e\uFFFD"; got != want {
		t.Errorf("Visual = %q, want %q", got, want)
	}
	// One paragraph: the second part is ordered with the first.
	lines := Layout("سلام\nعليكم", 0, app)
	if len(lines) != 1 || unshape(lines[0].Text) != rev("عليكم")+" "+rev("سلام") || !lines[0].RTL {
		t.Errorf("paragraph with LF = %+v", lines)
	}
	if got := Visual("\xff\xfeابc", app); !strings.Contains(got, "\uFFFD") {
		t.Errorf("invalid UTF-8 = %q", got)
	}
	if l := Layout("", 10, app); len(l) != 1 || l[0].Text != "" || l[0].Width != 0 {
		t.Errorf("empty = %+v", l)
	}
}

// TestResolveBase follows issue 3's rule.
func TestResolveBase(t *testing.T) {
	tests := []struct {
		dir, lang, text string
		want            Direction
	}{
		{"rtl", "en", "hello", RTL},                // explicit dir wins
		{"LTR", "ar", "مرحبا", LTR},                // even over Arabic
		{"", "ar", "OpenAI تطلق نموذجا", RTL},      // Arabic feed, Arabic letters, English first
		{"", "ar", "OpenAI releases GPT-5", LTR},   // English headline in an Arabic feed
		{"", "ar-EG", "Meta تعلن", RTL},            // region subtag
		{"", "en", "Meta تعلن", LTR},               // first strong is L
		{"", "", "٢٠٢٥ عام الذكاء", RTL},           // digits are not strong; first strong is AL
		{"", "", "2025", LTR},                      // no strong character
		{"", "he", "שלום world", RTL},              // Hebrew
		{"auto", "", "\u2067abc\u2069 مرحبا", RTL}, // P2 skips isolates
		{"", "fa", "hello", LTR},                   // RTL language but no RTL letters
		{"", "", "", LTR},
	}
	for _, tt := range tests {
		if got := ResolveBase(tt.dir, tt.lang, tt.text); got != tt.want {
			t.Errorf("ResolveBase(%q, %q, %q) = %v, want %v", tt.dir, tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	for s, want := range map[string]Mode{"app": App, "Terminal": Terminal, " off ": Off} {
		if m, err := ParseMode(s); err != nil || m != want {
			t.Errorf("ParseMode(%q) = %v, %v", s, m, err)
		}
	}
	if _, err := ParseMode("auto"); err != ErrModeAuto {
		t.Errorf("ParseMode(auto) error = %v", err)
	}
	if _, err := ParseMode("bidi"); err == nil {
		t.Error("ParseMode(bidi) gave no error")
	}
	for s, want := range map[string]Direction{"auto": Auto, "LTR": LTR, "rtl": RTL} {
		if d, err := ParseDirection(s); err != nil || d != want {
			t.Errorf("ParseDirection(%q) = %v, %v", s, d, err)
		}
	}
	if _, err := ParseDirection("up"); err == nil {
		t.Error("ParseDirection(up) gave no error")
	}
}

// TestField places the cursor of typed input.
func TestField(t *testing.T) {
	// LTR: cursor on "b"; the line is padded to the box.
	l, col := Field("abc", 10, 1, app)
	if l.Text != "abc       " || col != 1 || l.Width != 10 {
		t.Errorf("Field LTR = %+v, %d", l, col)
	}
	// LTR end: the cursor cell after the text.
	if _, col := Field("abc", 10, 3, app); col != 3 {
		t.Errorf("Field LTR end col = %d, want 3", col)
	}
	// RTL, right-aligned: 10 cells = 5 padding + cursor cell + 4 letters.
	// Cursor 0 is on the first logical letter, the rightmost cell.
	l, col = Field("سلام", 10, 0, app)
	if !l.RTL || l.Width != 10 || col != 9 {
		t.Errorf("Field RTL start = %+v, %d, want col 9", l, col)
	}
	if !strings.HasPrefix(l.Text, "      ") || unshape(strings.TrimLeft(l.Text, " ")) != rev("سلام") {
		t.Errorf("Field RTL text = %q", l.Text)
	}
	// Cursor at the end of RTL text: the empty cell left of the text.
	if _, col := Field("سلام", 10, 4, app); col != 5 {
		t.Errorf("Field RTL end col = %d, want 5", col)
	}
	// Cursor on the Latin word inside Arabic: "ab" is at level 2, drawn
	// left to right in the middle. Visual: [cursor cell] ب ا " " a b " " م ل س
	// → cursor 5 ("b") is at col 5.
	if _, col := Field("سلم ab اب", 0, 5, app); col != 5 {
		t.Errorf("Field mixed col = %d, want 5", col)
	}
	// Scrolling: a long LTR line with the cursor at the end shows its tail.
	l, col = Field("abcdefghij", 5, 10, app)
	if l.Text != "ghij " || col != 4 {
		t.Errorf("Field scroll LTR = %q, %d", l.Text, col)
	}
	// Scrolling RTL with the cursor at the logical end shows the left part.
	l, col = Field("ابتثجحخدذر", 5, 10, app)
	if l.Width != 5 || col != 0 {
		t.Errorf("Field scroll RTL = %q, %d", l.Text, col)
	}
	if got := unshape(l.Text); got != " "+rev("خدذر") {
		t.Errorf("Field scroll RTL text = %q, want %q", got, " "+rev("خدذر"))
	}
	// Out-of-range cursors are clamped.
	if _, col := Field("abc", 0, 99, app); col != 3 {
		t.Errorf("clamped cursor col = %d", col)
	}
	if _, col := Field("abc", 0, -4, app); col != 0 {
		t.Errorf("negative cursor col = %d", col)
	}
}

// TestFieldTerminal: in Terminal mode the field stays logical, guarded, and
// the cursor column is logical.
func TestFieldTerminal(t *testing.T) {
	l, col := Field("سلام", 8, 1, Options{Mode: Terminal})
	// 8 cells: 3 padding + 4 letters + the cursor cell, guarded with
	// LRM RLM … RLM LRM.
	if l.Text != "\u200E\u200F   سلام \u200F\u200E" || l.Width != 8 || col != 4 {
		t.Errorf("Field Terminal = %+q, %d", l.Text, col)
	}
	l, _ = Field("abcdefghij", 4, 10, Options{Mode: Terminal})
	if l.Text != "\u200Ehij \u200E" {
		t.Errorf("scrolled Terminal field = %+q", l.Text)
	}
}

// TestTerminalRowKeepsColumnOrder simulates a terminal that reorders by
// itself (it runs UAX #9 over a whole screen row, base direction from the
// first strong character): a row made of a Terminal-mode RTL field followed
// by a count and an LTR field must keep its columns in place.
func TestTerminalRowKeepsColumnOrder(t *testing.T) {
	name := Truncate("مرصد الآلة", 12, Options{Mode: Terminal}).Pad(12)
	row := name + " 12 │ • Nov 19 " + Truncate("أمطار غزيرة", 14, Options{Mode: Terminal}).Pad(14)
	// App mode reorders as a bidi terminal would (it also shapes; NFKC
	// maps the presentation forms back to the letters).
	shown := norm.NFKC.String(Visual(row, Options{Mode: App}))
	// Reordered by the terminal: each Arabic field reads right to left in
	// its own cells, everything else stays where nashra put it.
	want := "  ةلآلا دصرم 12 │ • Nov 19    ةريزغ راطمأ"
	if got := stripMarks(shown); got != want {
		t.Errorf("terminal's view of the row:\n got %q\nwant %q", got, want)
	}
}

func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\u200e' || r == '\u200f' {
			return -1
		}
		return r
	}, s)
}

// A right-to-left name isolated inside a left-to-right title and cut short
// shows the ellipsis where it was cut: at the isolate's left end, not
// beside its first word at the right.
func TestTruncateInsideIsolate(t *testing.T) {
	app := Options{Base: LTR, Mode: App}
	l := Truncate("All / \u2068الذكاء الاصطناعي التوليدي\u2069", 20, app)
	text := unshape(l.Text)
	if !strings.HasPrefix(text, "All / …") {
		t.Errorf("Truncate = %q, want the ellipsis right after \"All / \", at the cut", text)
	}
	if !strings.HasSuffix(text, rev("الذكاء")) {
		t.Errorf("Truncate = %q, want the first word at the right end", text)
	}
}

// TestEmojiSequencesSplit checks that emoji sequences whose width terminals
// disagree on (ZWJ, skin tone and tag sequences: 2 cells in one terminal,
// 4 or 6 in another) are written as separate emoji, whose widths they all
// agree on, so that a row is as wide on screen as its Width says; and that
// what is not such a sequence is written as it came.
func TestEmojiSequencesSplit(t *testing.T) {
	family := "\U0001F468\u200D\U0001F469\u200D\U0001F467"   // man ZWJ woman ZWJ girl
	thumbs := "\U0001F44D\U0001F3FD"                         // thumbs up, medium skin tone
	couple := "\U0001F469\u200D\u2764\uFE0F\u200D\U0001F468" // woman ZWJ heart VS16 ZWJ man
	scotland := "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
	cases := []struct{ in, want string }{
		{"a " + family + " b", "a \U0001F468\U0001F469\U0001F467 b"},
		{"a " + thumbs + " b", "a \U0001F44D b"},
		{"a " + couple + " b", "a \U0001F469\u2764\uFE0F\U0001F468 b"},
		{"a " + scotland + " b", "a \U0001F3F4 b"},
		// Not split: a flag (regional indicators), an emoji with VS16, a
		// keycap, a lone skin tone, and a ZWJ asking for an Arabic joining
		// form.
		{"a \U0001F1F8\U0001F1E6 b", "a \U0001F1F8\U0001F1E6 b"},
		{"a \u2764\uFE0F b", "a \u2764\uFE0F b"},
		{"a 1\uFE0F\u20E3 b", "a 1\uFE0F\u20E3 b"},
		{"a \U0001F3FD b", "a \U0001F3FD b"},
	}
	for _, c := range cases {
		l := Truncate(c.in, 40, app)
		if l.Text != c.want {
			t.Errorf("Truncate(%+q) = %+q, want %+q", c.in, l.Text, c.want)
		}
		if w := ansi.StringWidth(c.want); l.Width != w {
			t.Errorf("Truncate(%+q).Width = %d, want %d", c.in, l.Width, w)
		}
	}
	// The cells of a split sequence count when the row is cut: three emoji
	// are six cells, so "ab " and the family need 9 and 8 cells get "…"
	// after two of them (the sequence counted as two cells would fit
	// whole, with " c", in 7).
	if l := Truncate("ab "+family, 9, app); l.Text != "ab \U0001F468\U0001F469\U0001F467" || l.Width != 9 {
		t.Errorf("Truncate to 9 = %+q (%d)", l.Text, l.Width)
	}
	if l := Truncate("ab "+family+" c", 8, app); l.Text != "ab \U0001F468\U0001F469…" || l.Width != 8 {
		t.Errorf("Truncate to 8 = %+q (%d), want \"ab \U0001F468\U0001F469…\" (8)", l.Text, l.Width)
	}
	// A ZWJ at the end of an Arabic cluster stays: it shapes the letter.
	if l := Truncate("ل\u200D", 10, Options{Mode: Off}); !strings.Contains(l.Text, "\u200D") {
		t.Errorf("Arabic ZWJ dropped: %+q", l.Text)
	}
	// In an input field the cursor moves over the logical text: after the
	// family (5 runes) it sits after its three drawn emoji.
	if _, col := Field(family+"x", 20, 5, app); col != 6 {
		t.Errorf("Field cursor after the family = %d, want 6", col)
	}
}

// TestUnmeasurableFormatCharactersDropped checks that the format characters
// a terminal draws in one cell while ansi.StringWidth (and so lipgloss)
// counts none are not written: the soft hyphen U+00AD (one cell in glibc's
// wcwidth, as tmux and VTE draw it) and the prepended concatenation marks
// (U+0600 ARABIC NUMBER SIGN, U+06DD ARABIC END OF AYAH, …: one cell on
// screen, where StringWidth counts the mark with the digit after it as one
// cluster of width 0). Written, they made a row wider on screen than its
// Width, which wrapped it and pushed the frame up (seen in tmux with a title
// quoting a verse number).
func TestUnmeasurableFormatCharactersDropped(t *testing.T) {
	cases := []struct {
		in   string
		o    Options
		want string // unshaped
	}{
		{"Soft\u00adhyphen\u00adated", app, "Softhyphenated"},
		{"Soft\u00adhyphen", Options{Mode: Off}, "Softhyphen"},
		{"\u060012", app, "12"},
		{"\u0600\u060112", Options{Mode: Off}, "12"},
		{"سورة \u06dd١٢", app, "١٢ " + rev("سورة")},
		{"\u070f\u0710", Options{Mode: Off}, "\u0710"},
	}
	for _, c := range cases {
		l := Truncate(c.in, 40, c.o)
		if got := unshape(l.Text); got != c.want {
			t.Errorf("Truncate(%+q, %v) = %+q, want %+q", c.in, c.o.Mode, got, c.want)
		}
		// Every rune left is one cell on screen.
		if n := utf8.RuneCountInString(c.want); l.Width != n {
			t.Errorf("Truncate(%+q, %v).Width = %d, want %d", c.in, c.o.Mode, l.Width, n)
		}
	}
	// Wrapped, a line holds as many cells as it says.
	for _, l := range Layout(strings.Repeat("\u06dd١ ", 30), 10, app) {
		if strings.ContainsRune(l.Text, 0x06dd) || l.Width != utf8.RuneCountInString(l.Text) || l.Width > 10 {
			t.Errorf("wrapped line %+q (Width %d)", l.Text, l.Width)
		}
	}
}
