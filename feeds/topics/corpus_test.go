package topics

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

var evalVerbose = flag.Bool("eval.verbose", false, "print every article's tags against its labels")

// corpusItem is one item of the shared ai-news corpus.
type corpusItem struct {
	guid, title, body string
}

// readCorpus parses every feed file of the shared ai-news corpus with gofeed
// and returns its items: title, and description as text (HTML tags
// stripped).
func readCorpus(tb testing.TB) []corpusItem {
	tb.Helper()
	dir := testcorpus.Dir(tb, "corpus/ai-news")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no feeds in %s: %v", dir, err)
	}
	return readFeedFiles(tb, files)
}

// htmlText returns the text of an HTML fragment, block elements on lines of
// their own.
func htmlText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.Data {
			case "script", "style":
				return
			case "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote":
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.TrimSpace(b.String())
}

func readTestLabels(tb testing.TB) []Label {
	tb.Helper()
	return readLabelsFile(tb, filepath.Join(testcorpus.Dir(tb, "labels"), "ai-news.jsonl"))
}

// readLabelsFile reads a labels JSONL file (see ReadLabels).
func readLabelsFile(tb testing.TB, path string) []Label {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	labels, err := ReadLabels(f)
	if err != nil {
		tb.Fatal(err)
	}
	return labels
}

// Baselines committed with the rules: what they reach on the shared
// development set, floor-rounded to two decimals (all 0.9392 / 0.9977,
// Arabic 0.9467 / 0.9968, English 0.8981 / 1.0000 when set). The issue's
// targets are 0.85 for topics and 0.93 for entities. The rules must also
// hold on a hidden holdout set, so they are not tuned to single articles.
const (
	baseAllTopics   = 0.93
	baseAllEntities = 0.99
	baseARTopics    = 0.94
	baseAREntities  = 0.99
)

// TestCorpusEvaluation tags the shared, hand-labelled ai-news corpus with the
// built-in rules and fails if a score falls below its committed baseline.
func TestCorpusEvaluation(t *testing.T) {
	rep := evaluateItems(t, readCorpus(t), readTestLabels(t))
	if len(rep.Missing) > 0 {
		t.Errorf("labelled GUIDs not found in the corpus: %q", rep.Missing)
	}
	checkBaselines(t, []baseline{
		{"all topics macro-F1", rep.All.TopicsMacroF1, baseAllTopics},
		{"all entities F1", rep.All.EntitiesF1, baseAllEntities},
		{"ar topics macro-F1", rep.AR.TopicsMacroF1, baseARTopics},
		{"ar entities F1", rep.AR.EntitiesF1, baseAREntities},
	})
}

// baseline is a score and the committed floor it must not fall below.
type baseline struct {
	name      string
	got, base float64
}

// checkBaselines fails t for every score below its baseline.
func checkBaselines(t *testing.T, bs []baseline) {
	t.Helper()
	for _, c := range bs {
		if c.got < c.base {
			t.Errorf("%s = %.3f, below the baseline %.2f", c.name, c.got, c.base)
		}
	}
}

func printDisagreements(t *testing.T, items []corpusItem, labels []Label, preds []Prediction) {
	byGUID := map[string]corpusItem{}
	for _, it := range items {
		byGUID[it.guid] = it
	}
	pm := map[string][]Tag{}
	for _, p := range preds {
		pm[p.GUID] = p.Tags
	}
	tg := New(DefaultRules())
	for _, l := range labels {
		var gotT, gotE []string
		var detail []string
		for _, tag := range pm[l.GUID] {
			if tag.Kind == KindTopic {
				gotT = append(gotT, tag.Name)
			} else {
				gotE = append(gotE, tag.Name)
			}
			detail = append(detail, fmt.Sprintf("%s%q", tag.Name, tag.Terms))
		}
		wantT := slices.Clone(l.Topics)
		slices.Sort(wantT)
		slices.Sort(gotT)
		it := byGUID[l.GUID]
		scores := tg.debugScores(it.title, it.body)
		fmt.Printf("=== %s %s\n  title: %s\n  want %v %v\n  got  %v %v\n  scores %s\n  %s\n", l.Lang, l.GUID[:min(60, len(l.GUID))], it.title, wantT, l.Entities, gotT, gotE, scores, strings.Join(detail, " "))
	}
}
