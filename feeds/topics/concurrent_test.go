package topics

import (
	"reflect"
	"sync"
	"testing"
)

// TestTagConcurrent tags texts that go through every matching path (exact,
// prefix, fuzzy spellings one edit away, phrases) from several goroutines
// at once and checks each gets the tags a lone call gives: the Tagger is
// shared by the poller's goroutines. Run with -race to see the data races
// this guards against.
func TestTagConcurrent(t *testing.T) {
	tg := New(DefaultRules())
	texts := [][2]string{
		{"Mark Zuckerburg said the lab will grow.", "Meta trains Llama models on Nvidia GPUs; Zuckerburg calls it open source."},
		// A letter dropped: the word is itself a key of the fuzzy index.
		{"Mark Zuckerbrg spoke", "Zuckerbrg and Sutskevr met; Nvidia shipped GPUs for AI training."},
		{"قال سوتسكفير إن الفريق جاهز", "أطلقت شركة سوتسكفير نموذجا مفتوح المصدر على رقائق إنفيديا."},
		{"OpenAI raises $40 billion", "Sam Altman said OpenAI will spend it on compute and data centres."},
		{"ميتا تطلق نموذج لاما الجديد", "أعلنت ميتا عن نموذج لاما 4 مفتوح المصدر، وقال زوكربيرغ إن الشركة ستستثمر في الحوسبة."},
	}
	want := make([][]Tag, len(texts))
	for i, x := range texts {
		want[i] = tg.Tag(x[0], x[1], "")
		if len(want[i]) == 0 {
			t.Fatalf("text %d gets no tags: the test needs texts that match", i)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := (g + n) % len(texts)
				if got := tg.Tag(texts[i][0], texts[i][1], ""); !reflect.DeepEqual(got, want[i]) {
					select {
					case errs <- texts[i][0]:
					default:
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent Tag(%q) differs from a lone call", e)
	}
}
