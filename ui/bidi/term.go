package bidi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/cancelreader"
)

// Terminal BiDi modes, after the terminal-wg recommendation "BiDi in Terminal
// Emulators" (terminal-wg.pages.freedesktop.org/bidi), section "The escape
// sequences":
//
//   - BDSM, Bi-Directional Support Mode, is ECMA-48 mode 8, an ANSI mode (no
//     "?"): CSI 8 h is implicit mode (the terminal reorders, the default),
//     CSI 8 l is explicit mode (cells are shown as written). An application
//     that does its own bidi switches to explicit mode on start and back on
//     exit.
//   - SCP, Select Character Path: CSI 1 SP k is LTR, CSI 2 SP k RTL, CSI 0 SP k
//     the default.
//   - DECRQM asks a mode's state. For an ANSI mode it is CSI Ps $ p, without
//     "?" (CSI ? 8 $ p would ask DEC private mode 8, DECARM, auto-repeat), and
//     the DECRPM reply is CSI Ps ; Pm $ y with Pm 0 not recognized, 1 set,
//     2 reset, 3 permanently set, 4 permanently reset.
//   - Primary device attributes, CSI c, is answered by every terminal (CSI ?
//     … c), so a probe that ends with it never has to wait out a timer: once
//     the DA reply is in, any DECRPM reply is in too.
const (
	seqProbe       = "\x1b[8$p\x1b[c" // DECRQM for BDSM, then primary DA
	seqExplicit    = "\x1b[8l"        // BDSM reset: explicit mode
	seqImplicit    = "\x1b[8h"        // BDSM set: implicit mode
	seqPathLTR     = "\x1b[1 k"       // SCP: left to right
	seqPathDefault = "\x1b[0 k"       // SCP: the terminal's default
)

// DefaultProbeTimeout bounds ProbeTerminal for terminals that never answer
// (a broken pipe, a serial line). Terminals answer primary DA at once, so the
// probe normally ends long before.
const DefaultProbeTimeout = 2 * time.Second

// ModeReport is a terminal's DECRPM answer about BDSM (ECMA-48 mode 8).
type ModeReport int8

const (
	ReportNone              ModeReport = -1 // no DECRPM reply came before the DA reply (or nothing was asked)
	ReportNotRecognized     ModeReport = 0  // the terminal does not know mode 8
	ReportImplicit          ModeReport = 1  // set: the terminal reorders; it can be switched
	ReportExplicit          ModeReport = 2  // reset: already explicit
	ReportPermanentImplicit ModeReport = 3  // always reorders, cannot be switched
	ReportPermanentExplicit ModeReport = 4  // never reorders
)

// TermReport is what a terminal answered to the probe (seqProbe).
type TermReport struct {
	BDSM ModeReport // DECRPM for mode 8, ReportNone if none came
	DA   bool       // the primary device attributes reply arrived
}

// ParseTermReplies scans b, bytes read from a terminal after the probe, for
// the DECRPM reply about mode 8 (ESC [ 8 ; Pm $ y, or with the 8-bit CSI
// 0x9B) and the primary DA reply (ESC [ ? … c). Other bytes — keys typed in
// the meantime, other reports — are skipped. It returns what it found and
// whether the DA reply, which ends the probe, was complete. It is a pure
// function: calling it again on a longer b is how a reader resumes.
func ParseTermReplies(b []byte) (TermReport, bool) {
	rep := TermReport{BDSM: ReportNone}
	for i := 0; i < len(b); i++ {
		var j int
		switch {
		case b[i] == 0x1b && i+1 < len(b) && b[i+1] == '[':
			j = i + 2
		case b[i] == 0x9b:
			j = i + 1
		default:
			continue
		}
		// CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E.
		ps := j
		for j < len(b) && b[j] >= 0x30 && b[j] <= 0x3f {
			j++
		}
		params := string(b[ps:j])
		is := j
		for j < len(b) && b[j] >= 0x20 && b[j] <= 0x2f {
			j++
		}
		inter := string(b[is:j])
		if j == len(b) {
			return rep, false // incomplete sequence: wait for more
		}
		final := b[j]
		if final < 0x40 || final > 0x7e {
			continue // not a CSI sequence after all
		}
		switch {
		case final == 'y' && inter == "$" && !strings.HasPrefix(params, "?"):
			mode, value, ok := strings.Cut(params, ";")
			if ok && mode == "8" {
				v, err := strconv.Atoi(value)
				if err != nil || v < 0 || v > 4 {
					v = int(ReportNotRecognized)
				}
				rep.BDSM = ModeReport(v)
			}
		case final == 'c' && inter == "" && strings.HasPrefix(params, "?"):
			rep.DA = true
			return rep, true
		}
		i = j
	}
	return rep, false
}

// ErrNotTerminal is returned by ProbeTerminal when its input is not a
// terminal.
var ErrNotTerminal = errors.New("bidi: not a terminal")

// ProbeTerminal asks the terminal about BDSM: it puts in (the terminal's
// input, usually os.Stdin) in raw mode, writes DECRQM for mode 8 and a
// primary DA request to out, and reads replies until the DA reply arrives,
// ctx ends or timeout passes (DefaultProbeTimeout if timeout <= 0). The
// terminal mode of in is restored before it returns. Errors: ErrNotTerminal,
// a wrapped context.DeadlineExceeded when the terminal did not answer in
// time, or a wrapped I/O error; the report holds whatever was read. Keys
// the user types while the probe runs (a few milliseconds) are consumed.
func ProbeTerminal(ctx context.Context, in *os.File, out io.Writer, timeout time.Duration) (TermReport, error) {
	rep := TermReport{BDSM: ReportNone}
	if in == nil || !term.IsTerminal(in.Fd()) {
		return rep, ErrNotTerminal
	}
	if timeout <= 0 {
		timeout = DefaultProbeTimeout
	}
	state, err := term.MakeRaw(in.Fd())
	if err != nil {
		return rep, fmt.Errorf("bidi probe: raw mode: %w", err)
	}
	defer func() { _ = term.Restore(in.Fd(), state) }()
	cr, err := cancelreader.NewReader(in)
	if err != nil {
		return rep, fmt.Errorf("bidi probe: %w", err)
	}
	defer func() { _ = cr.Close() }()
	if _, err := io.WriteString(out, seqProbe); err != nil {
		return rep, fmt.Errorf("bidi probe: write query: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	finished := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // cancels the blocked read when the time is up
		defer wg.Done()
		select {
		case <-ctx.Done():
			cr.Cancel()
		case <-finished:
		}
	}()
	defer wg.Wait()
	defer close(finished)

	var buf []byte
	var chunk [256]byte
	for {
		n, rerr := cr.Read(chunk[:])
		buf = append(buf, chunk[:n]...)
		r, done := ParseTermReplies(buf)
		rep = r
		switch {
		case done:
			return rep, nil
		case rerr != nil && errors.Is(rerr, cancelreader.ErrCanceled):
			return rep, fmt.Errorf("bidi probe: no device attributes reply: %w", context.Cause(ctx))
		case rerr != nil:
			return rep, fmt.Errorf("bidi probe: read reply: %w", rerr)
		case len(buf) > 1<<14:
			return rep, errors.New("bidi probe: no device attributes reply in 16 KiB of input")
		}
	}
}

// DetectMode resolves a bidi setting ("auto", "app", "terminal", "off"; ""
// means auto) to a Mode. For auto: a terminal that reported BDSM as
// switchable or explicit (1, 2, 4) gets App; one that always reorders (3)
// gets Terminal; otherwise the environment decides: Konsole
// (KONSOLE_VERSION), Apple Terminal (TERM_PROGRAM=Apple_Terminal) and mlterm
// (MLTERM, or TERM starting with "mlterm") reorder by themselves and cannot
// be switched, so they get Terminal; everything else gets App. getenv is
// usually os.Getenv. It returns an error for an unknown setting.
func DetectMode(setting string, rep TermReport, getenv func(string) string) (Mode, error) {
	m, err := ParseMode(setting)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, ErrModeAuto) && strings.TrimSpace(setting) != "" {
		return App, err
	}
	switch rep.BDSM {
	case ReportImplicit, ReportExplicit, ReportPermanentExplicit:
		return App, nil
	case ReportPermanentImplicit:
		return Terminal, nil
	}
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	switch {
	case getenv("KONSOLE_VERSION") != "",
		getenv("TERM_PROGRAM") == "Apple_Terminal",
		getenv("MLTERM") != "",
		strings.HasPrefix(getenv("TERM"), "mlterm"):
		return Terminal, nil
	}
	return App, nil
}

// Term switches a terminal into the BiDi mode nashra draws for and puts
// back the mode it found. The UI calls Enter before the TUI starts and after
// resuming from suspend, and Restore at exit, before suspending, on a panic
// (RestoreOnPanic) and on SIGINT/SIGTERM/SIGHUP (WatchSignals). All methods
// are safe for concurrent use and idempotent.
type Term struct {
	mu       sync.Mutex
	w        io.Writer
	mode     Mode
	report   TermReport
	probeErr error
	entered  bool
}

// NewTerm returns a Term that writes its sequences to w for the given
// mode and probe report. w may be nil: then it never writes anything.
func NewTerm(w io.Writer, mode Mode, rep TermReport) *Term {
	return &Term{w: w, mode: mode, report: rep}
}

// SetupTerm is what the UI calls once before the TUI starts: it parses
// setting ("auto", "app", "terminal", "off"; "" is auto), probes the
// terminal (ProbeTerminal on in, replies written to out) when the setting is
// auto or app and in is a terminal, resolves auto with DetectMode, and
// returns the Term, not yet entered. Only a bad setting is an error; a
// failed probe is kept in ProbeErr and the decision falls back on the
// environment. When in is not a terminal the returned Term writes
// nothing.
func SetupTerm(ctx context.Context, setting string, in *os.File, out io.Writer, getenv func(string) string) (*Term, error) {
	mode, err := ParseMode(setting)
	auto := errors.Is(err, ErrModeAuto) || strings.TrimSpace(setting) == ""
	if err != nil && !auto {
		return nil, err
	}
	rep := TermReport{BDSM: ReportNone}
	var probeErr error
	isTTY := in != nil && term.IsTerminal(in.Fd())
	if isTTY && (auto || mode == App) {
		rep, probeErr = ProbeTerminal(ctx, in, out, DefaultProbeTimeout)
	}
	if auto {
		mode, _ = DetectMode("auto", rep, getenv)
	}
	if !isTTY {
		out = nil
	}
	t := NewTerm(out, mode, rep)
	t.probeErr = probeErr
	return t, nil
}

// Mode returns the mode the UI must lay text out in.
func (t *Term) Mode() Mode { return t.mode }

// Report returns what the terminal answered to the probe.
func (t *Term) Report() TermReport { return t.report }

// ProbeErr returns why the probe failed, nil if it did not (or did not run).
func (t *Term) ProbeErr() error { return t.probeErr }

// sequences returns what Enter and Restore write: in App mode, explicit
// mode and LTR character path when the terminal reported BDSM as set (or did
// not answer DECRQM: the recommendation's default is implicit), and only the
// character path when it is already explicit. Nothing for a terminal that
// does not recognize mode 8 or cannot leave implicit mode, nor in Terminal
// and Off mode.
func (t *Term) sequences() (enter, restore string) {
	if t.mode != App || t.w == nil {
		return "", ""
	}
	switch t.report.BDSM {
	case ReportImplicit, ReportNone:
		return seqExplicit + seqPathLTR, seqImplicit + seqPathDefault
	case ReportExplicit, ReportPermanentExplicit:
		return seqPathLTR, seqPathDefault
	}
	return "", ""
}

// Enter switches the terminal to the mode nashra needs (see sequences). It
// writes nothing if already entered.
func (t *Term) Enter() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.entered {
		return nil
	}
	enter, _ := t.sequences()
	t.entered = true
	if enter == "" {
		return nil
	}
	if _, err := io.WriteString(t.w, enter); err != nil {
		return fmt.Errorf("bidi: enter explicit mode: %w", err)
	}
	return nil
}

// Restore puts back the mode the terminal reported before Enter. It writes
// nothing if not entered, so exit, panic and signal paths may all call it.
func (t *Term) Restore() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.entered {
		return nil
	}
	t.entered = false
	_, restore := t.sequences()
	if restore == "" {
		return nil
	}
	if _, err := io.WriteString(t.w, restore); err != nil {
		return fmt.Errorf("bidi: restore terminal mode: %w", err)
	}
	return nil
}

// Suspend is Restore, for ctrl+z: the shell gets the terminal as it was.
func (t *Term) Suspend() error { return t.Restore() }

// Resume is Enter, after the program is continued.
func (t *Term) Resume() error { return t.Enter() }

// RestoreOnPanic restores the terminal if the goroutine is panicking and
// panics again with the same value. Use it directly with defer:
//
//	defer term.RestoreOnPanic()
func (t *Term) RestoreOnPanic() {
	if r := recover(); r != nil {
		_ = t.Restore()
		panic(r)
	}
}

// WatchSignals restores the terminal when the process receives SIGINT,
// SIGTERM or SIGHUP, then stops watching and raises the signal again, so
// that the program's own handler (bubbletea's) or the default action runs as
// if nashra had not been there. It returns a stop function that ends the
// watch and waits for its goroutine; call it before exiting normally.
func (t *Term) WatchSignals() (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case sig := <-ch:
			_ = t.Restore()
			signal.Stop(ch)
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				_ = p.Signal(sig)
			}
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			wg.Wait()
		})
	}
}
