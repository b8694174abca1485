package bidi

import (
	"bytes"
	"testing"
)

func TestParseTermReplies(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want TermReport
		done bool
	}{
		{"implicit then DA", "\x1b[8;1$y\x1b[?62;22c", TermReport{ReportImplicit, true}, true},
		{"explicit", "\x1b[8;2$y\x1b[?64;1;9c", TermReport{ReportExplicit, true}, true},
		{"permanently set", "\x1b[8;3$y\x1b[?1;2c", TermReport{ReportPermanentImplicit, true}, true},
		{"not recognized", "\x1b[8;0$y\x1b[?6c", TermReport{ReportNotRecognized, true}, true},
		{"DA only", "\x1b[?1;2c", TermReport{ReportNone, true}, true},
		{"8-bit CSI", "\x9b8;4$y\x9b?62c", TermReport{ReportPermanentExplicit, true}, true},
		{"keys typed before", "jk\x1b[A\x1b[8;1$y\x1b[?62c", TermReport{ReportImplicit, true}, true},
		{"other mode reports skipped", "\x1b[?8;1$y\x1b[12;2$y\x1b[?62c", TermReport{ReportNone, true}, true},
		{"bad value", "\x1b[8;9$y\x1b[?62c", TermReport{ReportNotRecognized, true}, true},
		{"DECRPM only, DA pending", "\x1b[8;2$y", TermReport{ReportExplicit, false}, false},
		{"split sequence", "\x1b[8;2$y\x1b[?6", TermReport{ReportExplicit, false}, false},
		{"lone ESC", "\x1b", TermReport{ReportNone, false}, false},
		{"secondary DA is not primary", "\x1b[>1;10;0c", TermReport{ReportNone, false}, false},
		{"nothing", "", TermReport{ReportNone, false}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, done := ParseTermReplies([]byte(tt.in))
			if got != tt.want || done != tt.done {
				t.Errorf("ParseTermReplies(%q) = %+v, %v; want %+v, %v", tt.in, got, done, tt.want, tt.done)
			}
		})
	}
}

func TestDetectMode(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	none := TermReport{BDSM: ReportNone, DA: true}
	tests := []struct {
		name    string
		setting string
		rep     TermReport
		env     func(string) string
		want    Mode
	}{
		{"explicit setting wins", "terminal", TermReport{BDSM: ReportImplicit}, env(), Terminal},
		{"off", "off", none, env("KONSOLE_VERSION", "230401"), Off},
		{"VTE reports implicit", "auto", TermReport{BDSM: ReportImplicit, DA: true}, env(), App},
		{"already explicit", "auto", TermReport{BDSM: ReportExplicit, DA: true}, env(), App},
		{"cannot switch", "auto", TermReport{BDSM: ReportPermanentImplicit, DA: true}, env(), Terminal},
		{"report beats env", "auto", TermReport{BDSM: ReportImplicit, DA: true}, env("KONSOLE_VERSION", "1"), App},
		{"konsole", "auto", none, env("KONSOLE_VERSION", "230401"), Terminal},
		{"apple terminal", "", none, env("TERM_PROGRAM", "Apple_Terminal"), Terminal},
		{"iTerm is not", "auto", none, env("TERM_PROGRAM", "iTerm.app"), App},
		{"mlterm env", "auto", TermReport{BDSM: ReportNotRecognized, DA: true}, env("MLTERM", "3.9.3"), Terminal},
		{"mlterm TERM", "auto", none, env("TERM", "mlterm-256color"), Terminal},
		{"xterm", "auto", TermReport{BDSM: ReportNotRecognized, DA: true}, env("TERM", "xterm-256color"), App},
		{"nil getenv", "auto", none, nil, App},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectMode(tt.setting, tt.rep, tt.env)
			if err != nil || got != tt.want {
				t.Errorf("DetectMode = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if _, err := DetectMode("sideways", none, nil); err == nil {
		t.Error("DetectMode(sideways) gave no error")
	}
}

func TestTermSequences(t *testing.T) {
	tests := []struct {
		name           string
		mode           Mode
		bdsm           ModeReport
		enter, restore string
	}{
		{"implicit terminal", App, ReportImplicit, "\x1b[8l\x1b[1 k", "\x1b[8h\x1b[0 k"},
		{"no DECRPM reply", App, ReportNone, "\x1b[8l\x1b[1 k", "\x1b[8h\x1b[0 k"},
		{"already explicit", App, ReportExplicit, "\x1b[1 k", "\x1b[0 k"},
		{"permanently explicit", App, ReportPermanentExplicit, "\x1b[1 k", "\x1b[0 k"},
		{"mode 8 unknown", App, ReportNotRecognized, "", ""},
		{"cannot switch", App, ReportPermanentImplicit, "", ""},
		{"terminal mode", Terminal, ReportImplicit, "", ""},
		{"off", Off, ReportImplicit, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tm := NewTerm(&buf, tt.mode, TermReport{BDSM: tt.bdsm, DA: true})
			if err := tm.Enter(); err != nil {
				t.Fatal(err)
			}
			_ = tm.Enter() // idempotent
			if buf.String() != tt.enter {
				t.Errorf("Enter wrote %q, want %q", buf.String(), tt.enter)
			}
			buf.Reset()
			if err := tm.Restore(); err != nil {
				t.Fatal(err)
			}
			_ = tm.Restore()
			if buf.String() != tt.restore {
				t.Errorf("Restore wrote %q, want %q", buf.String(), tt.restore)
			}
			buf.Reset()
			_ = tm.Suspend() // not entered: nothing
			_ = tm.Resume()
			if buf.String() != tt.enter {
				t.Errorf("Resume wrote %q, want %q", buf.String(), tt.enter)
			}
		})
	}
	// A nil writer never writes.
	if err := NewTerm(nil, App, TermReport{BDSM: ReportImplicit}).Enter(); err != nil {
		t.Errorf("nil writer: %v", err)
	}
}
