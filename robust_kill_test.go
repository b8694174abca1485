package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds/hostile"
	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// versionedFeeds serves generated feeds whose every response is a new
// version: /gen/N.xml answers with a feed whose channel title, ETag and
// every item's title and body carry "[vK]", K counting that feed's
// responses. Item GUIDs do not change, so each fetch rewrites every item
// of every generated feed. Corpus files are served as they are, without a
// validator (so they are downloaded and parsed on every fetch). Responses
// are delayed by up to maxDelay, so that some feeds are still downloading
// while others are being stored.
type versionedFeeds struct {
	items    int
	maxDelay time.Duration
	corpus   map[string][]byte

	mu      sync.Mutex
	version map[string]int
	rng     *rand.Rand
}

func (v *versionedFeeds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	delay := time.Duration(v.rng.Int64N(int64(v.maxDelay) + 1))
	body, isCorpus := v.corpus[r.URL.Path]
	k := 0
	if !isCorpus {
		v.version[r.URL.Path]++
		k = v.version[r.URL.Path]
	}
	v.mu.Unlock()
	select {
	case <-time.After(delay):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	if isCorpus {
		w.Write(body)
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/gen/") {
		http.NotFound(w, r)
		return
	}
	stamp := "v" + strconv.Itoa(k)
	w.Header().Set("ETag", `"`+stamp+`"`)
	hostile.WriteLarge(w, hostile.Large{Title: "Generated " + r.URL.Path, Items: v.items, Stamp: stamp,
		Link: "https://example.com" + strings.TrimSuffix(r.URL.Path, ".xml")})
}

// served returns how many versions of the generated feed at path were
// served.
func (v *versionedFeeds) served(path string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.version[path]
}

// feedState is what the database holds for one feed.
type feedState struct {
	url    string
	title  string
	etag   string
	n      int
	stamps []string // the distinct "[vK]" stamps of the item titles and bodies together
	fts    int      // full-text index rows of the feed's articles
}

// stampOf returns K of "[vK]" in s, or -1.
func stampOf(s string) int {
	i := strings.LastIndex(s, "[v")
	if i < 0 {
		return -1
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return -1
	}
	k, err := strconv.Atoi(s[i+2 : i+j])
	if err != nil {
		return -1
	}
	return k
}

func readFeedStates(t *testing.T, db *sql.DB) map[string]feedState {
	t.Helper()
	out := map[string]feedState{}
	rows, err := db.Query(`SELECT id, url, title, etag, (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) FROM feeds f`)
	if err != nil {
		t.Fatal(err)
	}
	type idRow struct {
		id int64
		st feedState
	}
	var all []idRow
	for rows.Next() {
		var r idRow
		if err := rows.Scan(&r.id, &r.st.url, &r.st.title, &r.st.etag, &r.st.n); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	for _, r := range all {
		st := r.st
		if strings.Contains(st.url, "/gen/") {
			rs, err := db.Query(`SELECT DISTINCT substr(title, instr(title, '[')) FROM articles WHERE feed_id = ?
				UNION SELECT DISTINCT substr(content, 1, instr(content, ']')) FROM articles WHERE feed_id = ?`, r.id, r.id)
			if err != nil {
				t.Fatal(err)
			}
			for rs.Next() {
				var s string
				rs.Scan(&s)
				st.stamps = append(st.stamps, s)
			}
			rs.Close()
			sort.Strings(st.stamps)
		}
		if err := db.QueryRow(`SELECT count(*) FROM articles_fts WHERE rowid IN (SELECT id FROM articles WHERE feed_id = ?)`, r.id).Scan(&st.fts); err != nil {
			t.Fatal(err)
		}
		out[st.url] = st
	}
	return out
}

// TestKillDuringFetch runs `nashra fetch` over generated and real feeds
// and kills it with SIGKILL at random moments, again and again. After each
// kill the database must pass PRAGMA integrity_check and
// foreign_key_check, and every feed must be either fully updated or
// untouched: all of a generated feed's items, its title and its ETag carry
// one and the same version stamp (the feed row and the items are written
// in one transaction); its article count is 0 or the whole feed; a real
// feed has either no articles or all of them; the full-text index has a
// row for every article; the article counters kept by triggers match the
// rows; and no feed goes back to an older version. A
// final uninterrupted fetch must then complete and bring every feed to its
// latest version.
func TestKillDuringFetch(t *testing.T) {
	corpusDir := testcorpus.Dir(t, "corpus/ai-news")
	bin := buildNashra(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "nashra.db")
	cfg := writeConfig(t, dir, "[poller]\ntimeout = \"60s\"\n")

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("NASHRA_KILL_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set NASHRA_KILL_SEED to repeat)", seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	const genFeeds, genItems = 8, 1500
	kills := 24
	if testing.Short() {
		kills = 8
	}
	vf := &versionedFeeds{items: genItems, maxDelay: 300 * time.Millisecond, corpus: map[string][]byte{},
		version: map[string]int{}, rng: rand.New(rand.NewPCG(seed, 2))}
	ents, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".xml") && len(vf.corpus) < 12 {
			b, err := os.ReadFile(filepath.Join(corpusDir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			vf.corpus["/corpus/"+e.Name()] = b
		}
	}
	srv := httptest.NewServer(vf)
	defer srv.Close()
	for p := range vf.corpus {
		urls = append(urls, srv.URL+p)
	}
	for i := range genFeeds {
		urls = append(urls, fmt.Sprintf("%s/gen/%d.xml", srv.URL, i))
	}
	sort.Strings(urls)
	ctx := context.Background()
	if out, err := binCmd(ctx, bin, dir, append([]string{"--db", db, "--config", cfg, "add"}, urls...)...).CombinedOutput(); err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}

	fetch := func() *cmdRun {
		c := binCmd(ctx, bin, dir, "--db", db, "--config", cfg, "fetch")
		r := &cmdRun{}
		c.Stdout, c.Stderr = &r.out, &r.out
		r.start = time.Now()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		r.cmd = c
		return r
	}

	corpusCount := map[string]int{} // articles of each real feed once fetched whole
	early := map[string][]int{}     // real feeds' counts seen before that
	last := map[string]int{}        // latest version stamp seen per generated feed
	check := func(label string) (updated, untouched int) {
		t.Helper()
		raw, err := sql.Open("sqlite3", "file:"+db+"?mode=rw&_busy_timeout=10000")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if res, err := integrityCheck(raw); err != nil || res != "ok" {
			t.Fatalf("%s: integrity_check: %q %v", label, res, err)
		}
		var fk int
		if err := raw.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
			t.Fatalf("%s: foreign_key_check: %d rows %v", label, fk, err)
		}
		for _, m := range countersMismatch(t, raw) {
			t.Errorf("%s: %s", label, m)
		}
		for u, st := range readFeedStates(t, raw) {
			if st.fts != st.n {
				t.Errorf("%s: %s: %d articles, %d full-text rows", label, u, st.n, st.fts)
			}
			if !strings.Contains(u, "/gen/") {
				if want, ok := corpusCount[u]; !ok {
					early[u] = append(early[u], st.n)
				} else if st.n != 0 && st.n != want {
					t.Errorf("%s: %s: %d articles, the whole feed has %d", label, u, st.n, want)
				}
				continue
			}
			if st.n == 0 {
				if st.title != "" || st.etag != "" {
					t.Errorf("%s: %s: no articles but title %q ETag %q", label, u, st.title, st.etag)
				}
				untouched++
				continue
			}
			k := stampOf(st.title)
			if st.n != genItems || len(st.stamps) != 1 || stampOf(st.stamps[0]) != k || st.etag != fmt.Sprintf(`"v%d"`, k) {
				t.Errorf("%s: %s: partly updated: %d articles, title %q, ETag %q, item stamps %q", label, u, st.n, st.title, st.etag, st.stamps)
				continue
			}
			if k < last[u] {
				t.Errorf("%s: %s: went back from v%d to v%d", label, u, last[u], k)
			}
			if k > last[u] {
				updated++
			} else {
				untouched++
			}
			last[u] = k
		}
		return updated, untouched
	}
	genPath := func(u string) string { return strings.TrimPrefix(u, srv.URL) }

	var log []string
	killAt := func(i int, delay time.Duration) {
		r := fetch()
		time.Sleep(delay)
		r.cmd.Process.Signal(syscall.SIGKILL)
		err := r.cmd.Wait()
		how := "killed"
		if ws, ok := r.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			how = fmt.Sprintf("had finished (%v)", err)
		}
		up, same := check(fmt.Sprintf("kill %d after %v", i, delay))
		log = append(log, fmt.Sprintf("kill %2d after %5dms: %s; generated feeds updated %d, untouched %d", i, delay.Milliseconds(), how, up, same))
	}

	// Kills on a database no fetch has completed on, early on.
	for i := range 3 {
		killAt(i, time.Duration(rng.Int64N(int64(600*time.Millisecond))))
	}
	// One whole fetch: the reference duration, and the real feeds' counts.
	r := fetch()
	if err := r.cmd.Wait(); err != nil {
		t.Fatalf("uninterrupted fetch: %v\n%s", err, &r.out)
	}
	whole := time.Since(r.start)
	check("after the whole fetch")
	raw := openRaw(t, db)
	for u, st := range readFeedStates(t, raw) {
		if !strings.Contains(u, "/gen/") {
			if st.n == 0 {
				t.Fatalf("real feed %s stored nothing: %s", u, &r.out)
			}
			corpusCount[u] = st.n
		}
	}
	raw.Close()
	for u, ns := range early {
		for _, n := range ns {
			if n != 0 && n != corpusCount[u] {
				t.Errorf("%s: %d articles after an early kill, the whole feed has %d", u, n, corpusCount[u])
			}
		}
	}
	t.Logf("whole fetch of %d feeds (%d generated × %d items): %v", len(urls), genFeeds, genItems, whole.Round(time.Millisecond))

	// Kills at random moments across the length of a fetch, and a little
	// beyond (a fetch that finished is fine too).
	for i := 3; i < kills; i++ {
		killAt(i, time.Duration(rng.Int64N(int64(whole)*6/5)))
	}
	t.Log("\n" + strings.Join(log, "\n"))

	// A clean fetch completes and brings every feed to its newest version.
	r = fetch()
	if err := r.cmd.Wait(); err != nil {
		t.Fatalf("final fetch: %v\n%s", err, &r.out)
	}
	check("after the final fetch")
	raw = openRaw(t, db)
	for u, st := range readFeedStates(t, raw) {
		if strings.Contains(u, "/gen/") {
			if k, want := stampOf(st.title), vf.served(genPath(u)); k != want || st.n != genItems {
				t.Errorf("%s: at v%d with %d articles after the final fetch; v%d was served last", u, k, st.n, want)
			}
		} else if st.n != corpusCount[u] {
			t.Errorf("%s: %d articles after the final fetch, want %d", u, st.n, corpusCount[u])
		}
	}
	killed := 0
	for _, l := range log {
		if strings.Contains(l, ": killed;") {
			killed++
		}
	}
	if killed < kills*2/3 {
		t.Errorf("only %d of %d fetches were killed before they finished", killed, kills)
	}
}

type cmdRun struct {
	cmd   *exec.Cmd
	out   bytes.Buffer
	start time.Time
}
