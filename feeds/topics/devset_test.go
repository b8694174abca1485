package topics

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// The project's own development set: 223 AI-industry news items (145 Arabic,
// 78 English) written by the nashra team in the style of real feed
// excerpts — headline, 500–1,000 characters of body, page chrome
// (breadcrumbs, "read also" blocks, site-headline lists, share bars, tag
// lines) and the spelling variety of names in the press — with about one
// item in ten off-topic (sport, weather, culture, economy, general tech)
// and passing mentions that must not tag. Every item was labelled by the
// labelling rule of ../shared/corpus/ai-news/README.md before the tagger
// was run on it. testdata/dev-ar.xml and testdata/dev-en.xml are RSS 2.0,
// the labels are testdata/dev-labels.jsonl, the formats of the shared
// corpus, so `nashra eval-tags --labels
// feeds/topics/testdata/dev-labels.jsonl feeds/topics/testdata/dev-*.xml`
// reports the same scores.
//
// Scores on the visible shared corpus are optimistic (the rules were
// developed against it); this set was written independently of it. Items
// ar-001…ar-080 and en-001…en-040 were the first development round; the
// other 80 were written afterwards in three batches, each scored before
// the rules were revised again, as an estimate of how the rules do on
// articles they have not seen (pooled over the 80: topics macro-F1 0.80,
// against 0.78 for the rules before this set existed; entities 0.99).
// Items ar-134…ar-145 and en-068…en-078 were written afterwards for six
// weaknesses a blind batch showed (sovereignty framing as geopolitics,
// adoption wording as product, job words in hiring stories, the legal
// adjective, evaluation stories read as releases, deception research as
// safety), 2–6 per weakness in both languages, labelled and scored before
// the rules were changed for those kinds of words (topics macro-F1 0.69
// before, 0.96 after; entities 1.00).

// Baselines: what the built-in rules reach on the development set,
// floor-rounded to two decimals (all topics 0.9403 / entities 0.9983,
// Arabic 0.9431 / 1.0000, English 0.9322 / 0.9953 when set).
const (
	devAllTopics   = 0.94
	devAllEntities = 0.99
	devARTopics    = 0.94
	devAREntities  = 1.00
	devENTopics    = 0.93
	devENEntities  = 0.99
)

// readFeedFiles parses RSS/Atom files with gofeed and returns their items,
// title and description as text (HTML tags stripped), as readCorpus does
// for the shared corpus.
func readFeedFiles(tb testing.TB, files []string) []corpusItem {
	tb.Helper()
	p := gofeed.NewParser()
	var items []corpusItem
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		feed, err := p.Parse(fh)
		fh.Close()
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, it := range feed.Items {
			guid := it.GUID
			if guid == "" {
				guid = it.Link
			}
			items = append(items, corpusItem{guid: guid, title: htmlText(it.Title), body: htmlText(it.Description)})
		}
	}
	return items
}

func readDevSet(tb testing.TB) ([]corpusItem, []Label) {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "dev-*.xml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no development feeds in testdata: %v", err)
	}
	return readFeedFiles(tb, files), readLabelsFile(tb, filepath.Join("testdata", "dev-labels.jsonl"))
}

var (
	evalFeeds  = flag.String("eval.feeds", "", "glob of labelled feed files to score with TestEvalFeeds")
	evalLabels = flag.String("eval.labels", "", "labels JSONL for -eval.feeds")
)

// TestEvalFeeds is a tool, not a check: it scores a new batch of labelled
// items (-eval.feeds 'DIR/*.xml' -eval.labels DIR/labels.jsonl) with the
// built-in rules before they join the development set, the way each
// batch of that set was first scored. It skips without -eval.feeds.
func TestEvalFeeds(t *testing.T) {
	if *evalFeeds == "" {
		t.Skip("no -eval.feeds given")
	}
	files, err := filepath.Glob(*evalFeeds)
	if err != nil || len(files) == 0 {
		t.Fatalf("no feeds match %q: %v", *evalFeeds, err)
	}
	rep := evaluateItems(t, readFeedFiles(t, files), readLabelsFile(t, *evalLabels))
	if len(rep.Missing) > 0 {
		t.Errorf("labelled GUIDs not found in the feeds: %q", rep.Missing)
	}
}

// evaluateItems tags items with the built-in rules, logs the report
// against labels (and, with -eval.verbose, every article) and returns it.
func evaluateItems(t *testing.T, items []corpusItem, labels []Label) Report {
	t.Helper()
	if len(items) != len(labels) {
		t.Errorf("%d items but %d labels", len(items), len(labels))
	}
	tg := New(DefaultRules())
	lang := map[string]string{}
	for _, l := range labels {
		lang[l.GUID] = l.Lang
	}
	var preds []Prediction
	for _, it := range items {
		preds = append(preds, Prediction{GUID: it.guid, Tags: tg.Tag(it.title, it.body, lang[it.guid])})
	}
	rep := Evaluate(labels, preds)
	var out strings.Builder
	if err := rep.Write(&out); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	t.Logf("exact: all topics %.4f entities %.4f; ar topics %.4f entities %.4f; en topics %.4f entities %.4f",
		rep.All.TopicsMacroF1, rep.All.EntitiesF1, rep.AR.TopicsMacroF1, rep.AR.EntitiesF1, rep.EN.TopicsMacroF1, rep.EN.EntitiesF1)
	t.Logf("entities: all TP %d FP %d FN %d", rep.All.Entities.TP, rep.All.Entities.FP, rep.All.Entities.FN)
	if *evalVerbose {
		printDisagreements(t, items, labels, preds)
	}
	return rep
}

// TestDevSetEvaluation tags the development set with the built-in rules,
// logs the per-topic precision, recall and F1, and fails if a score falls
// below its committed baseline. -eval.verbose prints every article's tags,
// labels and topic scores.
func TestDevSetEvaluation(t *testing.T) {
	items, labels := readDevSet(t)
	rep := evaluateItems(t, items, labels)
	if len(rep.Missing) > 0 {
		t.Errorf("labelled GUIDs not found in the development feeds: %q", rep.Missing)
	}
	checkBaselines(t, []baseline{
		{"all topics macro-F1", rep.All.TopicsMacroF1, devAllTopics},
		{"all entities F1", rep.All.EntitiesF1, devAllEntities},
		{"ar topics macro-F1", rep.AR.TopicsMacroF1, devARTopics},
		{"ar entities F1", rep.AR.EntitiesF1, devAREntities},
		{"en topics macro-F1", rep.EN.TopicsMacroF1, devENTopics},
		{"en entities F1", rep.EN.EntitiesF1, devENEntities},
	})
}
