//go:build unix

package bidi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRestoreOnPanic(t *testing.T) {
	var buf lockedBuffer
	tm := NewTerm(&buf, App, TermReport{BDSM: ReportImplicit})
	_ = tm.Enter()
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the original panic", r)
			}
		}()
		defer tm.RestoreOnPanic()
		panic("boom")
	}()
	if !strings.HasSuffix(buf.String(), "\x1b[8h\x1b[0 k") {
		t.Errorf("after panic wrote %q", buf.String())
	}
	// No panic: nothing restored.
	_ = tm.Enter()
	func() { defer tm.RestoreOnPanic() }()
	if !strings.HasSuffix(buf.String(), "\x1b[8l\x1b[1 k") {
		t.Errorf("RestoreOnPanic without a panic wrote %q", buf.String())
	}
}

func TestWatchSignals(t *testing.T) {
	var buf lockedBuffer
	tm := NewTerm(&buf, App, TermReport{BDSM: ReportImplicit})
	_ = tm.Enter()
	// The test catches SIGHUP too, so the re-raised signal does not end it.
	caught := make(chan os.Signal, 4)
	signal.Notify(caught, syscall.SIGHUP)
	defer signal.Stop(caught)
	stop := tm.WatchSignals()
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the signal, then the re-raised one
		select {
		case <-caught:
		case <-time.After(5 * time.Second):
			t.Fatal("signal not seen twice")
		}
	}
	stop()
	stop() // idempotent
	if got := buf.String(); got != "\x1b[8l\x1b[1 k\x1b[8h\x1b[0 k" {
		t.Errorf("wrote %q", got)
	}
}

// fakeTerminal answers the probe on the master side of a pty.
func fakeTerminal(ptmx *os.File, reply []string) <-chan string {
	got := make(chan string, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 64)
		for !bytes.Contains(seen, []byte("\x1b[c")) {
			n, err := ptmx.Read(buf)
			if err != nil {
				got <- string(seen)
				return
			}
			seen = append(seen, buf[:n]...)
		}
		for _, r := range reply {
			_, _ = io.WriteString(ptmx, r)
			time.Sleep(5 * time.Millisecond)
		}
		got <- string(seen)
	}()
	return got
}

func TestProbeTerminalPTY(t *testing.T) {
	tests := []struct {
		name  string
		reply []string
		want  TermReport
	}{
		{"VTE-like", []string{"\x1b[8;1$y", "\x1b[?65;1;9c"}, TermReport{ReportImplicit, true}},
		{"split reply", []string{"\x1b[8;", "2$y\x1b[?6", "2;22c"}, TermReport{ReportExplicit, true}},
		{"xterm-like, DA only", []string{"\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"}, TermReport{ReportNone, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pty: %v", err)
			}
			defer ptmx.Close()
			defer tty.Close()
			query := fakeTerminal(ptmx, tt.reply)
			rep, err := ProbeTerminal(context.Background(), tty, tty, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if rep != tt.want {
				t.Errorf("report %+v, want %+v", rep, tt.want)
			}
			if q := <-query; q != "\x1b[8$p\x1b[c" {
				t.Errorf("terminal received %q", q)
			}
		})
	}
	t.Run("silent terminal", func(t *testing.T) {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Skipf("no pty: %v", err)
		}
		defer ptmx.Close()
		defer tty.Close()
		go func() { _, _ = io.Copy(io.Discard, ptmx) }() // drains the query until ptmx closes
		start := time.Now()
		rep, err := ProbeTerminal(context.Background(), tty, tty, 200*time.Millisecond)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want a deadline", err)
		}
		if rep.DA || time.Since(start) > 3*time.Second {
			t.Errorf("report %+v after %v", rep, time.Since(start))
		}
	})
	t.Run("not a terminal", func(t *testing.T) {
		f, err := os.CreateTemp(t.TempDir(), "notatty")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := ProbeTerminal(context.Background(), f, io.Discard, time.Second); !errors.Is(err, ErrNotTerminal) {
			t.Errorf("error %v, want ErrNotTerminal", err)
		}
		tm, err := SetupTerm(context.Background(), "auto", f, io.Discard, func(string) string { return "" })
		if err != nil || tm.Mode() != App || tm.ProbeErr() != nil {
			t.Errorf("SetupTerm on a file = %+v, %v", tm, err)
		}
	})
}

// TestSetupTermPTY runs the whole start-up against a fake VTE on a pty.
func TestSetupTermPTY(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	query := fakeTerminal(ptmx, []string{"\x1b[8;1$y\x1b[?65c"})
	tm, err := SetupTerm(context.Background(), "auto", tty, tty, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	<-query
	if tm.Mode() != App || tm.Report().BDSM != ReportImplicit || tm.ProbeErr() != nil {
		t.Fatalf("SetupTerm = mode %v report %+v err %v", tm.Mode(), tm.Report(), tm.ProbeErr())
	}
	if err := tm.Enter(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := ptmx.Read(buf)
	if err != nil || string(buf[:n]) != "\x1b[8l\x1b[1 k" {
		t.Errorf("terminal received %q, %v", buf[:n], err)
	}
	if _, err := SetupTerm(context.Background(), "sideways", tty, tty, nil); err == nil {
		t.Error("bad setting accepted")
	}
}
