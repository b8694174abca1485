package bidi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// benchParagraph is an Arabic paragraph of about 2,000 characters with the
// mix a news body has: digits, Latin names, punctuation, brackets, harakat.
func benchParagraph() string {
	sentences := []string{
		"أعلن المختبر يوم الثلاثاء عن نموذج لغوي جديد يحمل اسم Atlas-3، وقال إنه أسرع بنسبة 40% من سابقه.",
		"ويأتي الإعلان بعد أشهر من المنافسة الحادة بين الشركات الكبرى (ومنها OpenAI وGoogle) على سوق المساعدات الذكية.",
		"وبحسب البيان، بلغت تكلفة التدريب نحو 12.5 مليون دولار خلال الفترة من 2024/03/01 إلى 2024/09/30.",
		"وقالت المديرة التنفيذية: «نريدُ أن يكون الذكاءُ الاصطناعيُّ في متناول الجميع»، مضيفةً أن الإتاحة ستبدأ الساعة 10:30 صباحًا.",
		"كما أشار التقرير إلى أن عدد المستخدمين تجاوز ٣٫٥ مليون مستخدم في المنطقة العربية وحدها.",
	}
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < 2000 {
		for _, s := range sentences {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
	}
	r := []rune(b.String())
	return string(r[:2000])
}

// BenchmarkLayoutArabic2000 lays out a 2,000-character Arabic paragraph at
// width 80 in App mode (issue 3's target: well under 1 ms warm).
func BenchmarkLayoutArabic2000(b *testing.B) {
	s := benchParagraph()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Layout(s, 80, Options{})
	}
}

// BenchmarkLayoutTitle lays out a typical one-line Arabic title truncated to
// a list column.
func BenchmarkTruncateTitle(b *testing.B) {
	s := "شركة ناشئة سعودية تجمع 25 مليون دولار لتطوير نماذج لغوية عربية مفتوحة المصدر"
	b.ReportAllocs()
	for b.Loop() {
		Truncate(s, 50, Options{})
	}
}

// BenchmarkLayoutEnglish2000 is the same size of plain English text, to show
// the cost of bidi on text that needs none.
func BenchmarkLayoutEnglish2000(b *testing.B) {
	s := strings.Repeat("The lab said on Tuesday that its new model is 40% faster than the last one. ", 27)[:2000]
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Layout(s, 80, Options{})
	}
}

// BenchmarkFrame160x50 lays out and pads the Arabic text of one 160×50
// reader frame (engine only; the UI's benchmark adds lipgloss).
func BenchmarkFrame160x50(b *testing.B) {
	s := benchParagraph()
	b.ReportAllocs()
	for b.Loop() {
		rows := 0
		for rows < 50 {
			for _, l := range Layout(s, 160, Options{}) {
				_ = l.Pad(160)
				rows++
				if rows == 50 {
					break
				}
			}
		}
	}
}
