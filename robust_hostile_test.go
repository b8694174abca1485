package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/nashra-reader/nashra/feeds/hostile"
	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// hostileExpect is what a correct reader does with one hostile endpoint:
// store items (items > 0: exactly that many; -1: at least one) or record an
// error containing err.
type hostileExpect struct {
	path  string
	items int
	err   string
}

// TestHostileFeeds subscribes to every endpoint of feeds/hostile plus two
// real feeds, runs the nashra binary's fetch with short timeouts, and
// checks: the real feeds are stored; each hostile feed either stores
// sanitized items or records a readable error; the fetch ends within the
// poller's timeouts; no stored text field holds ESC, C0 (but newline and
// tab in bodies), C1, DEL, a bidi embedding, override or isolate, or (in
// single-line fields) LRM/RLM/ALM; the 1 GiB gzip bombs are refused at the
// decompression limit and the process stays far below their size in memory;
// the database passes PRAGMA integrity_check; and the output of `nashra
// articles` (text, --content and --json) carries no escape sequence.
func TestHostileFeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("serves a 1 GiB gzip bomb and a 50,000-item feed; skipped in -short mode")
	}
	corpus := testcorpus.Dir(t, "corpus/ai-news")
	bin := buildNashra(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "nashra.db")
	const timeout = 3 * time.Second
	cfg := writeConfig(t, dir, "[poller]\ntimeout = \"3s\"\nconnect_timeout = \"2s\"\n")

	hs := hostile.NewServer(hostile.Options{BombSize: 1 << 30, LargeItems: 50000, Trickle: 200 * time.Millisecond})
	defer hs.Close()
	real := map[string][]byte{}
	for _, name := range []string{"aitnews.com.xml", "deepmind.blog.xml"} {
		b, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			t.Fatal(err)
		}
		real["/"+name] = b
	}
	cs := newCorpusServer(t, real)

	n := len(hostile.Payloads())
	expects := []hostileExpect{
		{"/rss.xml", 3 * n, ""},
		{"/atom.xml", 3 * n, ""},
		{"/feed.json", n, ""},
		{"/bomb.xml", 0, "decompressed response larger than 64 MB"},
		{"/bomb-unlabelled.xml", 0, "decompressed response larger than 64 MB"},
		{"/loop/a", 0, "redirect loop"},
		{"/chain/0", 0, "too many redirects"},
		{"/to-file", 0, `unsupported protocol scheme "file"`},
		{"/moved", 3 * n, ""},
		{"/large.xml", 50000, ""},
		{"/endless.xml", 0, "response larger than 20 MB"},
		{"/lie-short.xml", 0, "truncated"},
		{"/lie-long.xml", 2, ""}, // the third item is cut by the declared length
		{"/lie-huge.xml", 0, "response larger than 20 MB"},
		{"/slow-body.xml", 0, "timeout after 3s"},
		{"/slow-headers.xml", 0, "timeout after 3s"},
		{"/silent.xml", 0, "timeout after 3s"},
		{"/status.xml", 0, "HTTP 503 Busy"},
		{"/headers.xml", 3, ""},
		{"/many-items.xml", 0, "feed has more than 100000 items"},
		{"/many-items.json", 0, "feed has more than 100000 items"},
		{"/deep.xml", 0, "elements nested deeper than 1024 levels"},
	}
	if len(expects) != len(hostile.Endpoints()) {
		t.Fatalf("%d expectations for %d endpoints: cover every endpoint", len(expects), len(hostile.Endpoints()))
	}
	args := []string{"--db", db, "--config", cfg, "add"}
	for _, e := range expects {
		args = append(args, hs.URL+e.path)
	}
	for p := range real {
		args = append(args, cs.URL+p)
	}
	ctx := context.Background()
	if out, err := binCmd(ctx, bin, dir, args...).CombinedOutput(); err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}

	// The fetch: a hang is a failure, reported as such.
	fctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := binCmd(fctx, bin, dir, "--db", db, "--config", cfg, "fetch")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if fctx.Err() != nil {
		t.Fatalf("fetch did not finish in 3 minutes (poller timeout %v)\nstdout: %s\nstderr: %s", timeout, &stdout, &stderr)
	}
	var xe interface{ ExitCode() int }
	if !errors.As(err, &xe) || xe.ExitCode() != exitFeedsFailed {
		t.Fatalf("fetch: %v (want exit status %d)\nstdout: %s\nstderr: %s", err, exitFeedsFailed, &stdout, &stderr)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var maxRSS int64
	if ru != nil {
		maxRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	t.Logf("fetch of %d feeds: %v wall, max RSS %d MB\n%s", len(expects)+len(real), elapsed.Round(time.Millisecond), maxRSS>>20, stdout.String())
	// The bombs decompress to 1 GiB each (the limit is 64 MB), and the
	// amplifiers (/many-items.*, /deep.xml) took gigabytes to parse before
	// the shape limits: a process that inflated or parsed them would be far
	// above this. The 50,000-item feed needs about 180 MB.
	if maxRSS > 400<<20 {
		t.Errorf("max RSS %d MB: memory not bounded by the limits", maxRSS>>20)
	}
	for _, s := range []string{stdout.String(), stderr.String()} {
		if h := hostile.Hazard(s, true); h != "" {
			t.Errorf("fetch output carries %s: %q", h, s)
		}
	}

	// What the store holds, read from the file itself.
	raw := openRaw(t, db)
	type feedRow struct {
		url, title, lastErr string
		n                   int
	}
	feedsBy := map[string]feedRow{}
	rows, err := raw.Query(`SELECT f.url, f.title, f.last_error, (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) FROM feeds f`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r feedRow
		if err := rows.Scan(&r.url, &r.title, &r.lastErr, &r.n); err != nil {
			t.Fatal(err)
		}
		feedsBy[r.url] = r
	}
	rows.Close()
	var alias string
	raw.QueryRow(`SELECT f.url FROM feed_aliases a JOIN feeds f ON f.id = a.feed_id WHERE a.url = ?`, hs.URL+"/moved").Scan(&alias)
	if want := hs.URL + "/r%E2%80%AEgnp%C2%9B.xml?%C2%9B2J=%E2%80%AE"; alias != want {
		t.Errorf("/moved: feed URL after the permanent redirect is %q, want %q (percent-encoded, old URL kept as alias)", alias, want)
	}
	table := []string{"feed → outcome"}
	for _, e := range expects {
		u := hs.URL + e.path
		if e.path == "/moved" {
			u = alias
		}
		r, ok := feedsBy[u]
		if !ok {
			t.Errorf("%s: feed missing", e.path)
			continue
		}
		outcome := ""
		switch {
		case r.lastErr != "":
			outcome = "error: " + r.lastErr
		default:
			outcome = "stored " + strconv.Itoa(r.n) + " items"
		}
		table = append(table, e.path+" → "+outcome)
		switch {
		case e.err != "" && !strings.Contains(r.lastErr, e.err):
			t.Errorf("%s: error %q, want one containing %q (%d items)", e.path, r.lastErr, e.err, r.n)
		case e.err != "" && r.n != 0:
			t.Errorf("%s: %d items stored from a failed feed", e.path, r.n)
		case e.err == "" && r.lastErr != "":
			t.Errorf("%s: error %q, want items", e.path, r.lastErr)
		case e.items > 0 && r.n != e.items, e.items < 0 && r.n == 0:
			t.Errorf("%s: %d items stored, want %d", e.path, r.n, e.items)
		}
		if e.err != "" && !strings.Contains(stderr.String(), hs.URL+e.path+": ") {
			t.Errorf("%s: no error line on stderr", e.path)
		}
	}
	t.Log(strings.Join(table, "\n"))
	fp := gofeed.NewParser()
	for p, body := range real {
		f, err := fp.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r := feedsBy[cs.URL+p]
		if r.lastErr != "" || r.n != len(f.Items) {
			t.Errorf("real feed %s: %d items (gofeed reads %d), error %q", p, r.n, len(f.Items), r.lastErr)
		}
	}
	// The sanitized hostile items keep the plain text around each payload.
	for _, pl := range hostile.Payloads() {
		for _, enc := range hostile.Encodings {
			var title string
			err := raw.QueryRow(`SELECT a.title FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.url = ? AND a.title LIKE ?`,
				hs.URL+"/rss.xml", hostile.Marker(pl, enc)+" %").Scan(&title)
			if err != nil || !strings.Contains(title, pl.Visible) {
				t.Errorf("rss.xml %s: title %q (%v)", hostile.Marker(pl, enc), title, err)
			}
		}
	}

	for _, h := range dbHazards(t, raw) {
		t.Error(h)
	}
	if res, err := integrityCheck(raw); err != nil || res != "ok" {
		t.Errorf("integrity_check: %q %v", res, err)
	}

	// What the command line prints.
	for _, c := range [][]string{{"articles"}, {"articles", "--content"}, {"articles", "--json"}, {"articles", "--json", "--content"}} {
		out, err := binCmd(ctx, bin, dir, append([]string{"--db", db, "--config", cfg}, c...)...).Output()
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if len(out) < 1000 {
			t.Fatalf("%v: output too short: %q", c, out)
		}
		if h := hostile.Hazard(string(out), true); h != "" {
			i := bytes.IndexAny(out, "\x1b\u009b")
			t.Errorf("%v output carries %s (near %q)", c, h, out[max(0, i-40):min(len(out), i+40)])
		}
		switch {
		case c[len(c)-1] == "articles":
			for _, line := range strings.Split(string(out), "\n") {
				for _, field := range strings.Split(line, "\t") {
					if h := hostile.Hazard(field, false); h != "" {
						t.Errorf("articles: %s in field %q", h, field)
						break
					}
				}
			}
		case c[1] == "--json":
			lines := 0
			for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
				var v map[string]any
				if err := json.Unmarshal(line, &v); err != nil {
					t.Fatalf("articles --json: %v in %q", err, line)
				}
				lines++
				walkJSONStrings(v, "", func(key, s string) {
					if h := hostile.Hazard(s, key == "content"); h != "" {
						t.Errorf("articles --json: %q: %s in %q", key, h, s)
					}
				})
			}
			if lines < 50000 {
				t.Errorf("articles --json: %d lines", lines)
			}
		}
	}
}
