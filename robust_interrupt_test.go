package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestInterruptedFetch sends SIGINT and SIGTERM to `nashra fetch` while
// most feeds are still waiting on a slow server: the feeds not polled are
// not reported one by one as failures, one line says what was done, the
// exit status is 1, and the next fetch completes.
func TestInterruptedFetch(t *testing.T) {
	bin := buildNashra(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			var slow atomic.Bool
			slow.Store(true)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if slow.Load() && r.URL.Path != "/f0" {
					select {
					case <-r.Context().Done():
						return
					case <-time.After(20 * time.Second):
					}
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(w, `<rss version="2.0"><channel><title>%s</title><item><guid>%s-1</guid><title>Item of %s</title></item></channel></rss>`,
					r.URL.Path, r.URL.Path, r.URL.Path)
			}))
			defer srv.Close()
			dir := t.TempDir()
			db := filepath.Join(dir, "nashra.db")
			cfg := writeConfig(t, dir, "[poller]\ntimeout = \"60s\"\n")
			args := []string{"--db", db, "--config", cfg, "add"}
			const n = 30
			for i := range n {
				args = append(args, fmt.Sprintf("%s/f%d", srv.URL, i))
			}
			ctx := context.Background()
			if out, err := binCmd(ctx, bin, dir, args...).CombinedOutput(); err != nil {
				t.Fatalf("add: %v\n%s", err, out)
			}
			c := binCmd(ctx, bin, dir, "--db", db, "--config", cfg, "fetch")
			var stdout, stderr strings.Builder
			c.Stdout, c.Stderr = &stdout, &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // f0 answers at once; the rest wait
			c.Process.Signal(sig)
			err := c.Wait()
			if code := c.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit %d (%v), want 1", code, err)
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "nashra: fetch interrupted: ") ||
				!strings.Contains(lines[0], fmt.Sprintf(" of %d feeds polled", n)) {
				t.Errorf("stderr:\n%s", stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout after an interrupt: %q", stdout.String())
			}
			raw := openRaw(t, db)
			if res, err := integrityCheck(raw); err != nil || res != "ok" {
				t.Fatalf("integrity_check: %q %v", res, err)
			}
			raw.Close()
			slow.Store(false)
			out, err := binCmd(ctx, bin, dir, "--db", db, "--config", cfg, "fetch").CombinedOutput()
			if err != nil || !strings.Contains(string(out), fmt.Sprintf("fetched %d feeds: %d ok, 0 failed", n, n)) {
				t.Fatalf("fetch after the interrupt: %v\n%s", err, out)
			}
		})
	}
}
