package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds/hostile"
)

// TestHostileImportAndAdd: subscription lists are downloaded from the web
// like feeds, and the names and addresses in them are drawn in the feed
// list. An OPML file and a newsboat urls file whose titles, folders, saved
// searches and addresses carry C1 controls, DEL and bidi overrides, and
// addresses given to `nashra add` with the same, must leave nothing of them
// in the database, in the output of add, import and export, or in the feed
// titles `nashra articles` prints.
func TestHostileImportAndAdd(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	dir := t.TempDir()
	db := filepath.Join(dir, "nashra.db")
	opml := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>List &#x9b;2J &#x202e;txt.exe</title></head><body>
<outline text="Folder &#x9b;31m &#x202e;evil &#x2066;iso&#x2069; del&#x7f;">
  <outline type="rss" text="Name &#x9d;52;c;eA==&#x9c; &#x202e;gnp.exe end" xmlUrl="https://example.com/feed?x=&#x9b;2J&#x202e;&amp;y=1" htmlUrl="https://example.com/&#x9b;2J&#x202e;"/>
</outline>
<outline type="rss" title="Only title &#x90;$q&#x9c;" xmlUrl="https://example.com/path/&#x9b;31m/&#x202e;"/>
</body></opml>
`
	urls := "https://example.org/a \"~Name \u009b2J \u202e x\" \"tag\u009b\u202e\" plain\u007f\n" +
		"\"query:Saved \u009b2J \u202eevil:tag = \\\"x\\\"\"\n"
	for name, text := range map[string]string{"subs.opml": opml, "urls": urls} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var outputs []string
	for _, args := range [][]string{
		{"import", filepath.Join(dir, "subs.opml")},
		{"import", filepath.Join(dir, "urls")},
		{"add", "https://example.net/?q=\u202egnp.exe&c=\u009b2J", "https://example.net/\u009b2J/\u202e"},
		{"export"},
		{"articles"},
	} {
		code, out, errOut := nashra(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		outputs = append(outputs, out+errOut)
	}
	for i, out := range outputs {
		if h := hostile.Hazard(out, true); h != "" {
			t.Errorf("output %d carries %s: %q", i, h, out)
		}
	}
	if !strings.Contains(outputs[3], `xmlUrl="https://example.com/feed?x=%C2%9B2J%E2%80%AE&amp;y=1"`) {
		t.Errorf("export lost or mangled the escaped address:\n%s", outputs[3])
	}
	raw := openRaw(t, db)
	var n int
	raw.QueryRow(`SELECT count(*) FROM feeds`).Scan(&n)
	if n != 5 {
		t.Errorf("%d feeds subscribed, want 5", n)
	}
	for _, h := range dbHazards(t, raw) {
		t.Error(h)
	}
	var title string
	raw.QueryRow(`SELECT user_title FROM feeds WHERE url LIKE 'https://example.com/feed%'`).Scan(&title)
	if collapse(title) != "Name gnp.exe end" {
		t.Errorf("imported title %q", title)
	}
}
