package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
)

type retagCmd struct {
	DryRun bool     `name:"dry-run" help:"Show what would change; write nothing."`
	Query  []string `arg:"" optional:"" name:"query" help:"Only the articles this query selects (default: all)."`
}

// Run re-applies the current tagging rules to stored articles and prints
// one line per tag that changes: "SLUG +added -removed".
func (c *retagCmd) Run(e *env) error {
	query := strings.Join(c.Query, " ")
	if _, err := store.ParseQuery(query); err != nil {
		return usageErrorf("%v", err)
	}
	tg, err := e.tagger()
	if err != nil {
		return err
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	deltas, err := st.Retag(e.ctx, store.View{Query: query}, tg.Tag, c.DryRun)
	if err != nil {
		return err
	}
	for _, d := range deltas {
		fmt.Fprintf(e.stdout, "%s +%d -%d\n", d.Tag, d.Added, d.Removed)
	}
	switch {
	case len(deltas) == 0:
		fmt.Fprintln(e.stderr, "no tag changes")
	case c.DryRun:
		fmt.Fprintln(e.stderr, "dry run: nothing written")
	}
	return nil
}

type evalTagsCmd struct {
	Labels string   `name:"labels" required:"" help:"Hand labels, one JSON object per line: {guid, lang, topics, entities}." type:"existingfile" placeholder:"LABELS.jsonl"`
	Files  []string `arg:"" name:"feedfile" help:"Feed files whose items the labels describe." type:"existingfile"`
}

// Run parses the feed files with the real pipeline, tags every item (in the
// language its label gives) and prints the evaluation report. It is a
// report: the exit status is 0 whatever the scores.
func (c *evalTagsCmd) Run(e *env) error {
	lf, err := os.Open(c.Labels)
	if err != nil {
		return err
	}
	labels, err := topics.ReadLabels(lf)
	lf.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", c.Labels, err)
	}
	lang := make(map[string]string, len(labels))
	for _, l := range labels {
		lang[l.GUID] = l.Lang
	}
	tg, err := e.tagger()
	if err != nil {
		return err
	}
	var preds []topics.Prediction
	for _, path := range c.Files {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		u, _ := feeds.NormalizeURL(path)
		_, items, err := feeds.Parse(data, "", u)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, it := range items {
			l, ok := lang[it.GUID]
			if !ok {
				l = it.Lang
			}
			preds = append(preds, topics.Prediction{GUID: it.GUID, Tags: tg.Tag(it.Title, it.Content, l)})
		}
	}
	if len(preds) == 0 {
		return errors.New("eval-tags: no items in the feed files")
	}
	return topics.Evaluate(labels, preds).Write(e.stdout)
}
