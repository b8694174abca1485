package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/nashra-reader/nashra/feeds/hostile"
)

// lockedBuffer collects a terminal's output from one goroutine while the
// test reads it from another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// TestTUIShowsHostileFeedsSafely runs the reader in a pseudo-terminal over
// the hostile feeds (escape sequences, OSC 52 and OSC 8, C1 controls, bidi
// overrides in every field, and a feed error whose reason phrase carries
// them), scrolls the list, opens articles and the feed-errors view, and
// checks every byte the reader wrote: nothing that writes the clipboard
// (OSC 52), sets a hyperlink to the hostile target, sets the window title,
// resets the terminal, queries it on the feed's behalf (DECRQSS, XTGETTCAP),
// draws images (APC), or carries a C1 control or the Trojan-Source RLO; and
// the hostile articles were drawn (their plain words are on the screen).
func TestTUIShowsHostileFeedsSafely(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the reader in a pseudo-terminal for about 10s; skipped in -short mode")
	}
	bin := buildNashra(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "nashra.db")
	cfg := writeConfig(t, dir, "refresh_interval = \"0s\"\nbrowser = \"/bin/false\"\n[poller]\ntimeout = \"5s\"\n")
	hs := hostile.NewServer(hostile.Options{})
	defer hs.Close()
	ctx := context.Background()
	args := []string{"--db", db, "--config", cfg, "add"}
	for _, p := range []string{"/rss.xml", "/atom.xml", "/feed.json", "/status.xml", "/moved"} {
		args = append(args, hs.URL+p)
	}
	if out, err := binCmd(ctx, bin, dir, args...).CombinedOutput(); err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}
	binCmd(ctx, bin, dir, "--db", db, "--config", cfg, "fetch").Run() // exit 3: status.xml fails

	tctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	cmd := binCmd(tctx, bin, dir, "--db", db, "--config", cfg, "--bidi", "app")
	cmd.Env = append(cmd.Env, "TERM=xterm-256color", "COLORTERM=truecolor")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 150})
	if err != nil {
		t.Fatalf("start the reader in a pty: %v", err)
	}
	defer tty.Close()
	var out lockedBuffer
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		io.Copy(&out, tty) // ends when the reader exits and the pty closes
	}()
	waitFor := func(what string, d time.Duration) bool {
		deadline := time.Now().Add(d)
		for time.Now().Before(deadline) {
			if bytes.Contains(out.Bytes(), []byte(what)) {
				return true
			}
			time.Sleep(50 * time.Millisecond)
		}
		return false
	}
	if !waitFor("end", 20*time.Second) {
		t.Fatalf("the reader drew no hostile article in 20s; output:\n%q", tail(out.Bytes(), 3000))
	}
	keys := []string{"j", "j", "\r", " ", "\x1b", "G", "\r", "\x1b", "g", "j", "j", "j", "\r", "\x1b", "e", "\x1b", "\t", "j", "\t", "?", "?"}
	for _, k := range keys {
		if _, err := tty.Write([]byte(k)); err != nil {
			t.Fatalf("key %q: %v", k, err)
		}
		time.Sleep(150 * time.Millisecond)
	}
	tty.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee interface{ ExitCode() int }
		if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 0) {
			t.Errorf("reader exited with %v", err)
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Errorf("the reader did not quit on q")
	}
	tty.Close()
	<-copied
	screen := out.Bytes()
	os.WriteFile(filepath.Join(dir, "screen.bin"), screen, 0o644)

	for _, bad := range []struct{ what, seq string }{
		{"OSC 52 clipboard write", "\x1b]52"},
		{"hyperlink to the hostile target", "\x1b]8;;https://evil"},
		{"window title set by the feed", "\x1b]0;pwned"},
		{"terminal reset", "\x1bc"},
		{"screen alignment test", "\x1b#8"},
		{"DECRQSS query", "\x1bP$q"},
		{"XTGETTCAP query", "\x1bP+q"},
		{"kitty graphics APC", "\x1b_G"},
		{"Trojan-Source override", "\u202egnp"},
		{"RLO", "\u202e"},
		{"cursor-position report asked for by the feed", "ask\x1b[6n"},
	} {
		if i := bytes.Index(screen, []byte(bad.seq)); i >= 0 {
			t.Errorf("%s in the reader's output: %q", bad.what, screen[max(0, i-60):min(len(screen), i+60)])
		}
	}
	for i := 0; i+1 < len(screen); i++ {
		if screen[i] == 0xc2 && screen[i+1] >= 0x80 && screen[i+1] <= 0x9f {
			t.Errorf("C1 control U+%04X in the reader's output: %q", screen[i+1], screen[max(0, i-60):min(len(screen), i+60)])
			break
		}
	}
	visible := 0
	for _, p := range hostile.Payloads() {
		if bytes.Contains(screen, []byte(p.Name+"/")) {
			visible++
		}
	}
	if visible < 5 {
		t.Errorf("only %d hostile articles' titles were drawn: %q", visible, tail(screen, 2000))
	}
	t.Logf("%d bytes of terminal output, %d hostile titles drawn", len(screen), visible)
}

func tail(b []byte, n int) string {
	s := string(b)
	if len(s) > n {
		s = s[len(s)-n:]
	}
	return strings.ToValidUTF8(s, "?")
}
