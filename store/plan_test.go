package store

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"testing"
)

// explain returns SQLite's EXPLAIN QUERY PLAN for q, one line per step.
func explain(t *testing.T, s *Store, q string, args []any) []string {
	t.Helper()
	var out []string
	if err := scanEach(context.Background(), s.db, "EXPLAIN QUERY PLAN "+q, args, func(r *sql.Rows) error {
		var id, parent, notused int
		var detail string
		if err := r.Scan(&id, &parent, &notused, &detail); err != nil {
			return err
		}
		out = append(out, detail)
		return nil
	}); err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	return out
}

// countPlans returns the query plans (see explain) of Count's and
// Position's (at cur) queries for v, by "Count" and "Position".
func countPlans(t *testing.T, s *Store, v View, cur Cursor) map[string][]string {
	t.Helper()
	count, cargs, err := s.countSQL(v)
	if err != nil {
		t.Fatal(err)
	}
	pos, pargs, err := s.positionSQL(v, cur)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]string{"Count": explain(t, s, count, cargs), "Position": explain(t, s, pos, pargs)}
}

// fullScan matches a plan step that reads every row of articles or
// article_tags (an index walked in order under a LIMIT is not one: List's
// steps are checked for a sort instead).
var fullScan = regexp.MustCompile(`^SCAN (a|t)( USING (COVERING )?INDEX \S+)?$`)

// TestTUIQueriesUseIndexes checks the plans of the queries behind the
// TUI's lists and counts: a page of every built-in view is an index range
// read in order (no sort of the whole view, whatever its depth), and
// counting or positioning in one never reads every article. The plans are
// those of a database without ANALYZE statistics, as a user's is.
func TestTUIQueriesUseIndexes(t *testing.T) {
	s := openTest(t)
	ids := countFixture(t, s)
	cur := Cursor{Time: 1767225600, ID: 50}
	views := map[string]View{
		"all":         {},
		"unread":      {UnreadOnly: true},
		"starred":     {Starred: true},
		"feed":        {FeedID: ids[0]},
		"feed unread": {FeedID: ids[0], UnreadOnly: true},
		"tag":         {Tag: "compute"},
		"tag unread":  {Tag: "compute", UnreadOnly: true},
	}
	for name, v := range views {
		for pname, p := range map[string]Page{
			"top":    {Limit: 50},
			"after":  {After: &cur, Limit: 50},
			"before": {Before: &cur, Limit: 50},
		} {
			q, args, _, err := s.listSQL(v, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			plan := explain(t, s, q, args)
			t.Logf("List %s %s:\n\t%s", name, pname, strings.Join(plan, "\n\t"))
			for _, step := range plan {
				if strings.Contains(step, "TEMP B-TREE") || strings.HasPrefix(step, "SCAN f") {
					t.Errorf("List %s %s: plan step %q reads the whole view", name, pname, step)
				}
			}
			if pname != "top" && !strings.Contains(plan[0], "SEARCH") {
				t.Errorf("List %s %s: first step %q is not an index range", name, pname, plan[0])
			}
			if v.Tag != "" && !strings.Contains(plan[0], "article_tags_by_tag") {
				t.Errorf("List %s %s: first step %q does not walk the tag's index", name, pname, plan[0])
			}
		}
		q, args, err := s.positionSQL(v, cur)
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(t, s, q, args)
		t.Logf("Position %s:\n\t%s", name, strings.Join(plan, "\n\t"))
		for _, step := range plan {
			if fullScan.MatchString(step) {
				t.Errorf("Position %s: plan step %q reads every article", name, step)
			}
			if strings.HasPrefix(step, "SEARCH f") || strings.HasPrefix(step, "SCAN f") {
				t.Errorf("Position %s: plan step %q joins feeds for nothing", name, step)
			}
		}
		if _, ok, err := s.countFromCounters(context.Background(), v); err != nil || !ok {
			t.Errorf("Count %s is not answered from the counters (err %v)", name, err)
		}
	}
	// Counting a query view (a saved search's unread count, the list's
	// title) reads a narrow covering index, never each article's row.
	for name, v := range map[string]View{
		"lang":        {Query: "lang:ar"},
		"lang unread": {Query: "lang:ar", UnreadOnly: true},
		"tag unread":  {Query: "tag:compute", UnreadOnly: true},
	} {
		for kind, plan := range countPlans(t, s, v, cur) {
			t.Logf("%s query %s:\n\t%s", kind, name, strings.Join(plan, "\n\t"))
			for _, step := range plan {
				if (strings.HasPrefix(step, "SCAN a") || strings.HasPrefix(step, "SEARCH a")) && !strings.Contains(step, "COVERING") {
					t.Errorf("%s query %s: plan step %q reads article rows", kind, name, step)
				}
			}
		}
	}

	// The feeds pane's own queries read the counters, never articles.
	for name, q := range map[string]string{
		"Tags":   tagsSQL,
		"Totals": totalsSQL,
	} {
		plan := explain(t, s, q, nil)
		t.Logf("%s:\n\t%s", name, strings.Join(plan, "\n\t"))
		for _, step := range plan {
			if strings.Contains(step, " a ") || strings.HasSuffix(step, " a") || strings.Contains(step, "articles") {
				t.Errorf("%s reads articles: %q", name, step)
			}
		}
	}
}

// articleStep matches a plan step that reads articles a.
var articleStep = regexp.MustCompile(`^(SCAN|SEARCH) a( |$)`)

// TestFolderQueriesUseIndexes checks the plans of a folder view's queries,
// both ways List reads a page (see planFolder): a merge of the feeds'
// index ranges and a walk of the time index are each read in order, with
// no sort whatever the page's depth; Position counts index entries of the
// folder's feeds; Count reads the counters.
func TestFolderQueriesUseIndexes(t *testing.T) {
	s := openTest(t)
	ids := countFixture(t, s)
	setFolder(t, s, "Labs", ids[0], ids[2])
	cur := Cursor{Time: 1767225600, ID: 50}
	views := map[string]View{
		"folder":         {Folder: "Labs"},
		"folder unread":  {Folder: "Labs", UnreadOnly: true},
		"folder starred": {Folder: "Labs", Starred: true},
		"folder tag":     {Folder: "Labs", Tag: "compute"},
		"folder query":   {Folder: "Labs", Query: "lang:en item"},
	}
	// The index a walk of each view goes through.
	walkIndex := map[string]string{
		"folder":         "articles_by_time",
		"folder unread":  "articles_unread",
		"folder starred": "articles_starred",
		"folder tag":     "article_tags_by_tag",
		"folder query":   "articles_by_time",
	}
	for name, v := range views {
		for pname, p := range map[string]Page{
			"top":    {Limit: 50},
			"after":  {After: &cur, Limit: 50},
			"before": {Before: &cur, Limit: 50},
		} {
			for _, merge := range []bool{false, true} {
				if merge && v.Starred {
					continue // planFolder never merges a starred view
				}
				q, args, _, err := s.listSQL(v, p, &folderPlan{feeds: []int64{ids[0], ids[2]}, merge: merge})
				if err != nil {
					t.Fatal(err)
				}
				plan := explain(t, s, q, args)
				t.Logf("List %s %s merge=%v:\n\t%s", name, pname, merge, strings.Join(plan, "\n\t"))
				for _, step := range plan {
					if strings.Contains(step, "TEMP B-TREE") || step == "SCAN f" {
						t.Errorf("List %s %s merge=%v: plan step %q reads the whole view", name, pname, merge, step)
					}
				}
				if merge {
					if !strings.HasPrefix(plan[0], "MERGE") {
						t.Errorf("List %s %s: merge plan begins with %q", name, pname, plan[0])
					}
					arms := 0
					for _, step := range plan {
						if articleStep.MatchString(step) {
							arms++
							if !strings.Contains(step, "USING INDEX articles_by_feed (feed_id=?") &&
								!strings.Contains(step, "USING INDEX articles_feed_unread (feed_id=?") {
								t.Errorf("List %s %s: arm step %q is not a range of one feed's index", name, pname, step)
							}
						}
					}
					if arms != 2 {
						t.Errorf("List %s %s: %d arms read articles, want 2", name, pname, arms)
					}
				} else if !strings.Contains(plan[0], walkIndex[name]) {
					t.Errorf("List %s %s: walk begins with %q, not %s", name, pname, plan[0], walkIndex[name])
				}
			}
		}
		for kind, plan := range countPlans(t, s, v, cur) {
			t.Logf("%s %s:\n\t%s", kind, name, strings.Join(plan, "\n\t"))
			for _, step := range plan {
				if fullScan.MatchString(step) {
					t.Errorf("%s %s: plan step %q reads every article", kind, name, step)
				}
			}
		}
		_, ok, err := s.countFromCounters(context.Background(), v)
		if err != nil {
			t.Fatal(err)
		}
		if counted := v.Tag == "" && v.Query == ""; ok != counted {
			t.Errorf("Count %s answered from the counters: %v, want %v", name, ok, counted)
		}
	}
}
