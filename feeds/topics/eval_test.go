package topics

import (
	"math"
	"strings"
	"testing"
)

func TestReadLabels(t *testing.T) {
	in := `{"guid": "a", "lang": "ar", "topics": ["compute"], "entities": ["org:nvidia"], "note": "x"}

{"guid": "b", "lang": "en", "topics": [], "entities": []}
`
	ls, err := ReadLabels(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 || ls[0].GUID != "a" || ls[0].Lang != "ar" || ls[0].Topics[0] != "compute" || ls[1].Lang != "en" {
		t.Errorf("labels = %+v", ls)
	}
	for _, bad := range []struct{ in, want string }{
		{`{"guid": "a"}` + "\n" + `{"guid": `, "labels line 2:"},
		{`{"lang": "ar"}`, "labels line 1: missing guid"},
		{`{"guid": "a"}` + "\n" + `{"guid": "a"}`, `labels line 2: guid "a" already on line 1`},
	} {
		if _, err := ReadLabels(strings.NewReader(bad.in)); err == nil || !strings.HasPrefix(err.Error(), bad.want) {
			t.Errorf("ReadLabels(%q) error %v, want %q", bad.in, err, bad.want)
		}
	}
}

func topicTags(slugs ...string) []Tag {
	var out []Tag
	for _, s := range slugs {
		kind := KindTopic
		if strings.Contains(s, ":") {
			kind = KindEntity
		}
		out = append(out, Tag{Name: s, Kind: kind})
	}
	return out
}

func TestEvaluate(t *testing.T) {
	labels := []Label{
		{GUID: "1", Lang: "ar", Topics: []string{"compute", "geopolitics"}, Entities: []string{"org:nvidia", "org:huawei"}},
		{GUID: "2", Lang: "ar", Topics: []string{"talent"}, Entities: []string{"person:altman"}},
		{GUID: "3", Lang: "en", Topics: []string{"compute"}, Entities: nil},
		{GUID: "4", Lang: "en", Topics: nil, Entities: nil}, // not in the feeds
	}
	preds := []Prediction{
		// compute TP, geopolitics FN, safety FP; nvidia TP, huawei FN,
		// org:acme ignored (no label uses it).
		{GUID: "1", Tags: topicTags("compute", "safety", "org:nvidia", "org:acme")},
		// talent TP; altman TP, nvidia FP
		{GUID: "2", Tags: topicTags("talent", "person:altman", "org:nvidia")},
		// compute TP
		{GUID: "3", Tags: topicTags("compute")},
		{GUID: "unlabelled", Tags: topicTags("research", "org:nvidia")},
	}
	rep := Evaluate(labels, preds)
	if len(rep.Missing) != 1 || rep.Missing[0] != "4" {
		t.Errorf("Missing = %v", rep.Missing)
	}
	// All articles: compute TP 2 (F1 1), geopolitics FN 1 (F1 0), safety FP 1
	// (F1 0), talent TP 1 (F1 1): macro-F1 = 2/4.
	approx(t, "all topics", rep.All.TopicsMacroF1, 0.5)
	// Arabic: compute 1, geopolitics 0, safety 0, talent 1 → 0.5.
	approx(t, "ar topics", rep.AR.TopicsMacroF1, 0.5)
	// English: compute only → 1.
	approx(t, "en topics", rep.EN.TopicsMacroF1, 1)
	// Entities all: TP 2 (nvidia, altman), FP 1 (nvidia on 2), FN 1 (huawei):
	// P = 2/3, R = 2/3, F1 = 2/3.
	approx(t, "all entities", rep.All.EntitiesF1, 2.0/3)
	if c := rep.All.Entities; c != (Counts{TP: 2, FP: 1, FN: 1}) {
		t.Errorf("entity counts = %+v", c)
	}
	if c := rep.All.Topics["safety"]; c != (Counts{FP: 1}) {
		t.Errorf("safety counts = %+v", c)
	}
	if rep.All.Articles != 4 || rep.AR.Articles != 2 || rep.EN.Articles != 2 {
		t.Errorf("articles = %d/%d/%d", rep.All.Articles, rep.AR.Articles, rep.EN.Articles)
	}

	var b strings.Builder
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	tail := lines[len(lines)-3:]
	want := []string{
		"ar topics macro-F1: 0.50  entities F1: 0.67",
		"en topics macro-F1: 1.00  entities F1: 0.00",
		"topics macro-F1: 0.50  entities F1: 0.67",
	}
	for i := range want {
		if tail[i] != want[i] {
			t.Errorf("report line %q, want %q", tail[i], want[i])
		}
	}
	if !strings.HasPrefix(lines[0], "1 labelled articles not found") || !strings.HasPrefix(lines[1], "topic ") {
		t.Errorf("report head:\n%s", b.String())
	}
	if !strings.Contains(b.String(), "geopolitics           0.00   0.00  0.00    0    0    1") {
		t.Errorf("table row for geopolitics missing:\n%s", b.String())
	}
}

func approx(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
