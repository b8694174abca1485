package arabic

import "testing"

func TestNormalizeFolds(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"fatha damma kasra", "كَتَبَ كُتُب كِتاب", "كتب كتب كتاب"},
		{"tanween", "كتابٌ كتاباً كتابٍ", "كتاب كتابا كتاب"},
		{"shadda sukun", "مُدَّة قَلْبْ", "مده قلب"},
		{"superscript alef", "هٰذا", "هذا"},
		{"hamza above below marks", "سؤٔال", "سؤال"},
		{"tatweel", "مـيـتـا", "ميتا"},
		{"alef hamza above", "أحمد", "احمد"},
		{"alef hamza below", "إنفيديا", "انفيديا"},
		{"alef madda", "آبل", "ابل"},
		{"alef wasla", "ٱلكتاب", "الكتاب"},
		{"alef maqsura", "فى مستشفى", "في مستشفي"},
		{"teh marbuta", "شركة ذكية", "شركه ذكيه"},
		{"farsi yeh and keheh", "مایکروسافت", "مايكروسافت"},
		{"urdu heh", "ہھ", "هه"},
		{"arabic-indic digits", "٢٠٢٥", "2025"},
		{"eastern arabic-indic digits", "۱۲۳۴۵۶۷۸۹۰", "1234567890"},
		{"latin case", "OpenAI GPT xAI", "openai gpt xai"},
		{"latin accents kept, case folded", "École", "école"},
		{"greek case", "ΑΙ", "αι"},
		{"presentation forms (NFKC)", "ﻣﻴﺘﺎ", "ميتا"},
		{"lam-alef ligature (NFKC)", "ﻷن", "لان"},
		{"full-width latin (NFKC)", "ＡＩ", "ai"},
		{"bidi and zero-width marks removed", "a\u200fb\u200e\u200cc\u061cd", "abcd"},
		{"quranic small high signs removed", "قال\u06d6", "قال"},
		{"ascii fast path unchanged", "already plain 123", "already plain 123"},
		{"hamza on waw and yeh kept", "مؤسس رئيس", "مؤسس رئيس"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, s := range []string{
		"أعلنت الشركةُ عن نموذجٍ جديدٍ يُدعى «نجم» في ٢٠٢٥",
		"e\u064e\u0301", // a Latin base, an Arabic mark, then a Latin mark
		"ﷺ ﷽",
		"İstanbul ǅ ß",
		"\xff\xfe broken",
	} {
		once := Normalize(s)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize not idempotent on %q: %q then %q", s, once, twice)
		}
	}
}

func TestUnvocalizeKeepsHamza(t *testing.T) {
	if got, want := Unvocalize("آبِلُ وأَحْمَد مـيـتـا"), "آبل وأحمد ميتا"; got != want {
		t.Errorf("Unvocalize = %q, want %q", got, want)
	}
}

func TestHasTanween(t *testing.T) {
	for s, want := range map[string]bool{"ميتاً": true, "ميتا": false, "كتابٌ": true, "كِتَاب": false} {
		if got := HasTanween(s); got != want {
			t.Errorf("HasTanween(%q) = %v, want %v", s, got, want)
		}
	}
}
