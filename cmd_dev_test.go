package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/store"
)

// TestDevGenDB checks the hidden developer command: not in --help, and
// gen-db fills a new database with the asked-for articles (a third of the
// feeds Arabic, with tags, read and starred state), refusing one that
// already holds articles.
func TestDevGenDB(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	if _, out, _ := nashra(t, "--help"); strings.Contains(out, "dev") {
		t.Errorf("--help lists the hidden dev command:\n%s", out)
	}
	db := filepath.Join(t.TempDir(), "dev.db")
	code, out, errOut := nashra(t, "--db", db, "dev", "gen-db", "--articles", "600", "--feeds", "6", "--seed", "2")
	if code != 0 || !strings.Contains(out, "generated 600 articles over 6 feeds") {
		t.Fatalf("gen-db: exit %d\n%s%s", code, out, errOut)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tot, err := st.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := st.Count(ctx, store.View{Query: "lang:ar"})
	if err != nil {
		t.Fatal(err)
	}
	tags, err := st.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if tot.All != 600 || tot.Unread == 0 || tot.Unread == 600 || tot.Starred == 0 || len(tags) == 0 {
		t.Errorf("generated totals %+v, %d tags: want 600 articles, some read, some starred, tags", tot, len(tags))
	}
	if ar != 200 {
		t.Errorf("%d Arabic articles, want 200 (2 of 6 feeds)", ar)
	}
	if code, _, errOut := nashra(t, "--db", db, "dev", "gen-db", "--articles", "10", "--feeds", "1"); code != exitUsage || !strings.Contains(errOut, "already holds 600 articles") {
		t.Errorf("gen-db into a full database: exit %d, %s", code, errOut)
	}
}
