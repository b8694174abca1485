package topics

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Label is one hand-labelled article, a line of a labels JSONL file such as
// ../shared/labels/ai-news.jsonl:
// {"guid": "...", "lang": "ar"|"en", "topics": [...], "entities": [...]}.
type Label struct {
	GUID     string   `json:"guid"`
	Lang     string   `json:"lang"`
	Topics   []string `json:"topics"`
	Entities []string `json:"entities"`
}

// ReadLabels reads a labels file: one JSON object per line, blank lines
// skipped, unknown fields (such as "note") ignored. It returns an error
// naming the line for malformed JSON, a missing guid or a guid given twice.
func ReadLabels(r io.Reader) ([]Label, error) {
	var out []Label
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var l Label
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			return nil, fmt.Errorf("labels line %d: %w", n, err)
		}
		if l.GUID == "" {
			return nil, fmt.Errorf("labels line %d: missing guid", n)
		}
		if prev, ok := seen[l.GUID]; ok {
			return nil, fmt.Errorf("labels line %d: guid %q already on line %d", n, l.GUID, prev)
		}
		seen[l.GUID] = n
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	return out, nil
}

// Prediction is the tagger's output for one article.
type Prediction struct {
	GUID string
	Tags []Tag
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// Precision is TP/(TP+FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when nothing was expected.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall, 0 when both are 0.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are the results for one scope (the Arabic articles, the English
// ones, or all).
type Scores struct {
	Articles int
	// Topics holds the counts of every topic with a label or a prediction
	// in the scope; TopicsMacroF1 is the mean of their F1.
	Topics        map[string]Counts
	TopicsMacroF1 float64
	// Entities counts (article, entity) pairs, only for entity slugs that
	// occur somewhere in the label file; EntitiesF1 is their micro F1.
	Entities   Counts
	EntitiesF1 float64
}

// Report is the evaluation of predictions against labels.
type Report struct {
	AR, EN, All Scores
	// Missing lists the labelled GUIDs with no prediction (counted as
	// predicting nothing).
	Missing []string
}

// Evaluate compares predictions with labels, matched by GUID, in three
// scopes by the label's lang: "ar", "en" and all articles. Predictions for
// unlabelled GUIDs are ignored. Topic macro-F1 averages F1 over the topics
// that have a label or a prediction in the scope (so false positives count);
// entity F1 is micro-averaged over (article, entity) pairs, counting only
// entity slugs that occur somewhere in the label file, so knowing more
// entities than the labels is no penalty. The method is the one issue 4
// ("Tagging an analyst can trust") specifies for `nashra eval-tags`.
func Evaluate(labels []Label, preds []Prediction) Report {
	byGUID := make(map[string][]Tag, len(preds))
	for _, p := range preds {
		byGUID[p.GUID] = p.Tags
	}
	known := map[string]bool{}
	for _, l := range labels {
		for _, e := range l.Entities {
			known[e] = true
		}
	}
	var rep Report
	rep.AR.Topics, rep.EN.Topics, rep.All.Topics = map[string]Counts{}, map[string]Counts{}, map[string]Counts{}
	for _, l := range labels {
		tags, ok := byGUID[l.GUID]
		if !ok {
			rep.Missing = append(rep.Missing, l.GUID)
		}
		var predT, predE []string
		for _, t := range tags {
			switch t.Kind {
			case KindTopic:
				predT = append(predT, t.Name)
			case KindEntity:
				if known[t.Name] {
					predE = append(predE, t.Name)
				}
			}
		}
		scopes := []*Scores{&rep.All}
		switch l.Lang {
		case "ar":
			scopes = append(scopes, &rep.AR)
		case "en":
			scopes = append(scopes, &rep.EN)
		}
		for _, s := range scopes {
			s.Articles++
			countSets(s.Topics, l.Topics, predT)
			tp, fp, fn := compareSets(l.Entities, predE)
			s.Entities.TP += tp
			s.Entities.FP += fp
			s.Entities.FN += fn
		}
	}
	for _, s := range []*Scores{&rep.AR, &rep.EN, &rep.All} {
		sum := 0.0
		for _, c := range s.Topics {
			sum += c.F1()
		}
		if len(s.Topics) > 0 {
			s.TopicsMacroF1 = sum / float64(len(s.Topics))
		}
		s.EntitiesF1 = s.Entities.F1()
	}
	return rep
}

// countSets adds one article's per-slug counts.
func countSets(m map[string]Counts, want, got []string) {
	for _, w := range want {
		c := m[w]
		if slices.Contains(got, w) {
			c.TP++
		} else {
			c.FN++
		}
		m[w] = c
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			c := m[g]
			c.FP++
			m[g] = c
		}
	}
}

func compareSets(want, got []string) (tp, fp, fn int) {
	for _, w := range want {
		if slices.Contains(got, w) {
			tp++
		} else {
			fn++
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fp++
		}
	}
	return
}

// Write prints the report as `nashra eval-tags` shows it: a note on
// unmatched labels if any, the per-topic table over all articles
// (precision, recall, F1 and the counts), then the score lines
//
//	ar topics macro-F1: X.XX  entities F1: X.XX
//	en topics macro-F1: X.XX  entities F1: X.XX
//	topics macro-F1: X.XX  entities F1: X.XX
//
// the last one for all articles. It returns the first write error.
func (r Report) Write(w io.Writer) error {
	var b strings.Builder
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "%d labelled articles not found in the feeds (counted as untagged)\n", len(r.Missing))
	}
	slugs := make([]string, 0, len(r.All.Topics))
	for s := range r.All.Topics {
		slugs = append(slugs, s)
	}
	slices.Sort(slugs)
	fmt.Fprintf(&b, "%-16s %9s %6s %5s %4s %4s %4s\n", "topic", "precision", "recall", "F1", "TP", "FP", "FN")
	for _, s := range slugs {
		c := r.All.Topics[s]
		fmt.Fprintf(&b, "%-16s %9.2f %6.2f %5.2f %4d %4d %4d\n", s, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	fmt.Fprintf(&b, "ar topics macro-F1: %.2f  entities F1: %.2f\n", r.AR.TopicsMacroF1, r.AR.EntitiesF1)
	fmt.Fprintf(&b, "en topics macro-F1: %.2f  entities F1: %.2f\n", r.EN.TopicsMacroF1, r.EN.EntitiesF1)
	fmt.Fprintf(&b, "topics macro-F1: %.2f  entities F1: %.2f\n", r.All.TopicsMacroF1, r.All.EntitiesF1)
	_, err := io.WriteString(w, b.String())
	return err
}
