package arabic

import (
	"reflect"
	"testing"
)

// words returns each token as "original=norm".
func words(s string) []string {
	var out []string
	for _, t := range Tokenize(s) {
		out = append(out, s[t.Start:t.End]+"="+t.Norm)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"harakat stay inside the word", "قرأتُ كِتَابًا", []string{"قرأتُ=قرات", "كِتَابًا=كتابا"}},
		{"tatweel inside the word", "شركة مـيـتـا", []string{"شركة=شركه", "مـيـتـا=ميتا"}},
		{"arabic punctuation splits", "أولاً،ثانياً؛هل؟نعم", []string{"أولاً=اولا", "ثانياً=ثانيا", "هل=هل", "نعم=نعم"}},
		{"latin inside arabic", "نموذج Llama الجديد", []string{"نموذج=نموذج", "Llama=llama", "الجديد=الجديد"}},
		{"proclitic glued to latin", "وGemini ولـOpenAI", []string{"و=و", "Gemini=gemini", "ولـ=ول", "OpenAI=openai"}},
		{"arabic glued to digits", "لـ120 مليار", []string{"لـ=ل", "120=120", "مليار=مليار"}},
		{"latin letters and digits together", "H20 chips, GPT4o and Qwen3", []string{"H20=h20", "chips=chips", "GPT4o=gpt4o", "and=and", "Qwen3=qwen3"}},
		{"hyphen splits", "GPT-4 is open-source", []string{"GPT=gpt", "4=4", "is=is", "open=open", "source=source"}},
		{"camel case kept", "xAI and OpenAI", []string{"xAI=xai", "and=and", "OpenAI=openai"}},
		{"abbreviation", "the U.S. and A.I. policy", []string{"the=the", "U.S=us", "and=and", "A.I=ai", "policy=policy"}},
		{"host name is not an abbreviation", "see a.b.com now", []string{"see=see", "a=a", "b=b", "com=com", "now=now"}},
		{"possessive skipped", "OpenAI's model and Anthropic’s", []string{"OpenAI=openai", "model=model", "and=and", "Anthropic=anthropic"}},
		{"inner apostrophe kept", "don't O'Neil", []string{"don't=dont", "O'Neil=oneil"}},
		{"decimals split", "2.2 مليار", []string{"2=2", "2=2", "مليار=مليار"}},
		{"arabic-indic digits", "عام ٢٠٢٥م", []string{"عام=عام", "٢٠٢٥=2025", "م=م"}},
		{"quotes and guillemets", "«ديب سيك» \"Deep Seek\"", []string{"ديب=ديب", "سيك=سيك", "Deep=deep", "Seek=seek"}},
		{"lone tatweel and mark dropped", "ـ \u064e x", []string{"x=x"}},
		{"zwnj inside a persian word", "می\u200cخواهم", []string{"می\u200cخواهم=ميخواهم"}},
		{"invalid utf-8 separates", "ab\xffcd", []string{"ab=ab", "cd=cd"}},
		{"presentation forms", "ﻣﻴﺘﺎ", []string{"ﻣﻴﺘﺎ=ميتا"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := words(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeEmpty(t *testing.T) {
	for _, s := range []string{"", " ", "...،؛؟", "ـــ"} {
		if got := Tokenize(s); len(got) != 0 {
			t.Errorf("Tokenize(%q) = %v, want none", s, got)
		}
	}
}
