package topics

import (
	"reflect"
	"sync"
	"testing"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// TestTagTokensMatchesTag checks that tagging from shared tokens gives what
// Tag gives, item by item, on the shared ai-news corpus and on texts made
// to exercise host names, page chrome and Arabic proclitics, and that
// TagTokens leaves the caller's tokens as they were.
func TestTagTokensMatchesTag(t *testing.T) {
	tg := New(DefaultRules())
	type text struct{ title, body string }
	texts := []text{
		{"OpenAI's GPT-5 and Meta's Llama 4", "Read more at openai.com/blog. Subscribe to our newsletter.\nShare on X"},
		{"وأعلنت شركة أوبن إيه آي عن نموذج جديد", "قالت ميتا إن النموذج الجديد للذكاء الاصطناعي… اقرأ المزيد"},
		{"", ""},
	}
	for _, it := range readCorpus(t) {
		texts = append(texts, text{it.title, it.body})
	}
	for _, x := range texts {
		want := tg.Tag(x.title, x.body, "")
		tt, bt := arabic.Tokenize(x.title), arabic.Tokenize(x.body)
		got := tg.TagTokens(x.title, x.body, tt, bt, "")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: TagTokens = %+v, Tag = %+v", x.title, got, want)
		}
		if !reflect.DeepEqual(tt, arabic.Tokenize(x.title)) || !reflect.DeepEqual(bt, arabic.Tokenize(x.body)) {
			t.Fatalf("%q: TagTokens changed its tokens", x.title)
		}
	}
}

// TestTagIndexTokensMatchesSeparateCalls checks that TagIndexTokens, which
// computes each distinct word's index term once and takes a Latin word's
// from its lookup forms, returns what TagTokens and arabic.IndexTextTokens
// return for the title and the body, and leaves the tokens as they were.
func TestTagIndexTokensMatchesSeparateCalls(t *testing.T) {
	tg := New(DefaultRules())
	type text struct{ title, body string }
	check := func(t *testing.T, texts []text) {
		for _, x := range texts {
			tt, bt := arabic.Tokenize(x.title), arabic.Tokenize(x.body)
			wantTags := tg.TagTokens(x.title, x.body, tt, bt, "")
			wantTitle, wantBody := arabic.IndexTextTokens(x.title, tt), arabic.IndexTextTokens(x.body, bt)
			tags, title, body := tg.TagIndexTokens(x.title, x.body, tt, bt, "")
			if !reflect.DeepEqual(tags, wantTags) {
				t.Errorf("%q: TagIndexTokens tags = %+v, TagTokens = %+v", x.title, tags, wantTags)
			}
			if title != wantTitle || body != wantBody {
				t.Errorf("%q: TagIndexTokens index terms = %q / %q, IndexTextTokens = %q / %q", x.title, title, body, wantTitle, wantBody)
			}
			if !reflect.DeepEqual(tt, arabic.Tokenize(x.title)) || !reflect.DeepEqual(bt, arabic.Tokenize(x.body)) {
				t.Fatalf("%q: TagIndexTokens changed its tokens", x.title)
			}
		}
	}
	t.Run("written", func(t *testing.T) {
		check(t, []text{
			// Acronym plurals next to plain Latin plurals, each word
			// repeated so that the per-word terms are reused.
			{"GPUs and TPUs: Nvidia ships more GPUs", "LLMs need GPUs. Chips, chips and more Chips; APIs and apis. The Agencies agree."},
			{"Us vs AIs", "Its its ITs Ss s Xs XS"},
			{"وقالت شركة إنفيديا إن رقائقها الجديدة", "أعلنت الشركة عن شريحةٍ جديدةٍ، والشركة قالت إن الشريحة أسرع. الشركات الكبرى"},
			{"", ""},
		})
	})
	t.Run("corpus", func(t *testing.T) {
		var texts []text
		for _, it := range readCorpus(t) {
			texts = append(texts, text{it.title, it.body})
		}
		check(t, texts)
	})
}

// TestFingerprint checks that the fingerprint names the rules: the same
// rules compiled twice give the same one, other rules another.
func TestFingerprint(t *testing.T) {
	a, b := New(DefaultRules()).Fingerprint(), New(DefaultRules()).Fingerprint()
	if a != b || len(a) != 32 {
		t.Fatalf("fingerprints of the same rules: %q and %q", a, b)
	}
	user, err := LoadRules(writeRules(t, `[[topic]]
slug = "robot-arms"
name_en = "Robot arms"
name_ar = "أذرع آلية"
  [[topic.terms]]
  weight = 3
  match = ["robot arm"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if c := New(DefaultRules().Merge(user)).Fingerprint(); c == a {
		t.Errorf("a user's extra topic does not change the fingerprint %q", a)
	}
}

// TestTagTokensConcurrent tags the corpus from several goroutines at once
// (the Poller does): the recycled token lists must never be shared.
func TestTagTokensConcurrent(t *testing.T) {
	tg := New(DefaultRules())
	items := readCorpus(t)
	want := make([][]Tag, len(items))
	for i, it := range items {
		want[i] = tg.Tag(it.title, it.body, "")
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range items {
				i := (k*7 + g*13) % len(items)
				it := items[i]
				got := tg.TagTokens(it.title, it.body, arabic.Tokenize(it.title), arabic.Tokenize(it.body), "")
				if !reflect.DeepEqual(got, want[i]) {
					errs <- it.title
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for title := range errs {
		t.Errorf("%q: concurrent TagTokens differs from Tag", title)
	}
}
