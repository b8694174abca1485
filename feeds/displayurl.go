package feeds

import (
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// DisplayURL returns the URL u written for a person to read, as one line of
// text free of controls (it passes SanitizeLine unchanged). The UI draws it
// as a left-to-right paragraph; it is never handed to a browser (see
// SafeLink).
//
//   - The host is shown in Unicode when that is safe to read (RFC 5891
//     §4.4/§5, IDNA; Unicode TS #39 §5.2, restriction levels): each label
//     in one script — ASCII digits and hyphens go with any — or in one of
//     the mixes TS #39 calls Highly Restrictive (Latin with Han, Hiragana
//     and Katakana; with Han and Bopomofo; with Han and Hangul). A host
//     with a label that mixes other scripts ("pаypal", Latin with a
//     Cyrillic а), a label made only of Cyrillic, Greek or Armenian letters
//     that look like Latin ones next to a Latin label ("аррӏе.com"), or a
//     label IDNA refuses, is shown whole in its ASCII (punycode) form. So an
//     all-Arabic host such as مثال.مصر reads in Arabic, and a look-alike
//     does not pass for the real name. IP addresses and the port are kept.
//   - User information ("user:pass@") is dropped: "https://bank.com@evil.example/"
//     shows as "https://evil.example/".
//   - In the path, query and fragment, percent-encoded UTF-8 is decoded when
//     it encodes printable non-ASCII characters (Arabic slugs become
//     readable); ASCII stays encoded (%2F is not a path separator, %20 not a
//     break), and so do controls, bidi formatting characters and marks,
//     other format characters, spaces and separators, unassigned and
//     private-use code points, and characters that look like URL
//     delimiters (U+2215 ∕, U+FF0F ／, U+3002 。 …). Such characters found
//     unencoded are shown percent-encoded.
//
// A URL that does not parse, or has no host (mailto:, urn:), is returned
// with the same escaping and no other change.
func DisplayURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.Opaque != "" {
		return displayEscape(u)
	}
	var b strings.Builder
	if p.Scheme != "" {
		b.WriteString(strings.ToLower(p.Scheme))
		b.WriteString(":")
	}
	b.WriteString("//")
	b.WriteString(displayHost(p.Hostname()))
	if port := p.Port(); port != "" {
		b.WriteString(":" + port)
	}
	b.WriteString(displayEscape(p.EscapedPath()))
	if p.ForceQuery || p.RawQuery != "" {
		b.WriteString("?" + displayEscape(p.RawQuery))
	}
	if p.Fragment != "" {
		b.WriteString("#" + displayEscape(p.EscapedFragment()))
	}
	return b.String()
}

// SafeLink returns the URL to hand to a browser for u, and whether u may be
// opened at all: only absolute http and https URLs with a host do (never
// javascript:, data:, file: or other schemes). The result is ASCII: the
// host in its IDNA ASCII form (RFC 5891), every other non-ASCII byte,
// space or control percent-encoded (RFC 3986 §2.1), the fragment kept.
// It is meant to be passed as one argument to a program, never through a
// shell.
func SafeLink(u string) (string, bool) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Opaque != "" {
		return "", false
	}
	scheme := strings.ToLower(p.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host := p.Hostname()
	if host == "" {
		return "", false
	}
	if ip := net.ParseIP(host); ip == nil {
		ascii, err := hostProfile.ToASCII(strings.ToLower(host))
		if err != nil || ascii == "" {
			return "", false
		}
		host = ascii
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port := p.Port(); port != "" {
		host += ":" + port
	}
	out := scheme + "://" + host + asciiEscape(p.EscapedPath())
	if p.ForceQuery || p.RawQuery != "" {
		out += "?" + asciiEscape(p.RawQuery)
	}
	if p.Fragment != "" {
		out += "#" + asciiEscape(p.EscapedFragment())
	}
	return out, true
}

// asciiEscape percent-encodes every byte of s that may not appear raw in a
// URL: non-ASCII, controls, space and " < > \ ^ ` { | } (RFC 3986 §2).
// Existing %XX escapes are kept.
func asciiEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			writePercent(&b, c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// displayHost returns host (as url.URL.Hostname gives it: an IP address, an
// ASCII name, a punycode name or a Unicode name) for display: see
// DisplayURL.
func displayHost(host string) string {
	if ip := net.ParseIP(host); ip != nil {
		if strings.Contains(host, ":") {
			return "[" + ip.String() + "]"
		}
		return ip.String()
	}
	lower := strings.ToLower(host)
	ascii, err := hostProfile.ToASCII(lower)
	if err != nil {
		// Not a valid IDNA name: show it encoded, never as it came.
		if a, err := idna.Punycode.ToASCII(lower); err == nil && isPlainASCII(a) {
			return a
		}
		return displayEscape(lower)
	}
	uni, err := hostProfile.ToUnicode(ascii)
	if err != nil || !readableHost(uni) {
		return ascii
	}
	return uni
}

// readableHost reports whether a Unicode host name is safe to show as it
// is (see DisplayURL).
func readableHost(host string) bool {
	labels := strings.Split(host, ".")
	latin := false
	var lookalike bool
	for _, l := range labels {
		scripts, ok := labelScripts(l)
		if !ok || !allowedMix(scripts) {
			return false
		}
		if len(scripts) == 1 && scripts[0] == "Latin" || len(scripts) == 0 && l != "" {
			latin = true
		}
		if latinLookalike(l) {
			lookalike = true
		}
	}
	return !(lookalike && latin)
}

// labelScripts returns the scripts of the letters and marks of a label,
// other than Common and Inherited, sorted; ok is false when the label has a
// character that has no place in a host name shown to a person (anything
// but letters, marks, digits, hyphen and the joiners IDNA allows in
// context).
func labelScripts(label string) (scripts []string, ok bool) {
	seen := map[string]bool{}
	for _, r := range label {
		switch {
		case r == '-' || r == '_' || r >= '0' && r <= '9':
			continue
		case r == 0x200c || r == 0x200d: // ZWNJ/ZWJ: IDNA CONTEXTJ has checked their place
			continue
		case !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r):
			return nil, false
		}
		s := scriptOf(r)
		if s == "" {
			return nil, false
		}
		if s != "Common" && s != "Inherited" && !seen[s] {
			seen[s] = true
			scripts = append(scripts, s)
		}
	}
	sort.Strings(scripts)
	return scripts, true
}

// highlyRestrictive are the script mixes Unicode TS #39 §5.2 allows in one
// identifier at the Highly Restrictive level, beside a single script.
var highlyRestrictive = [][]string{
	{"Han", "Hiragana", "Katakana", "Latin"},
	{"Bopomofo", "Han", "Latin"},
	{"Han", "Hangul", "Latin"},
}

func allowedMix(scripts []string) bool {
	if len(scripts) <= 1 {
		return true
	}
	for _, set := range highlyRestrictive {
		all := true
		for _, s := range scripts {
			if !slices.Contains(set, s) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// latinConfusables are lower-case Cyrillic, Greek and Armenian letters that
// look like Latin letters (from Unicode's confusables.txt, the commonest
// ones): a label spelled only with them is a whole-script confusable of a
// Latin label (TS #39 §4).
const latinConfusables = "аеорсухѕіјһԁԛԝӏьъвкмнтԍ" + // Cyrillic
	"οανικρυχτεγω" + // Greek
	"օսոհզցաւ" // Armenian

// latinLookalike reports whether a label has letters and all of them are
// Latin look-alikes from another script.
func latinLookalike(label string) bool {
	n := 0
	for _, r := range label {
		if r == '-' || r >= '0' && r <= '9' {
			continue
		}
		if !strings.ContainsRune(latinConfusables, r) {
			return false
		}
		n++
	}
	return n > 0
}

// scriptNames lists unicode.Scripts' names in a fixed order.
var scriptNames = func() []string {
	names := make([]string, 0, len(unicode.Scripts))
	for n := range unicode.Scripts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// scriptOf returns the Unicode Script property value of r (UAX #24), ""
// for an unassigned code point.
func scriptOf(r rune) string {
	if r < 0x80 {
		if unicode.IsLetter(r) {
			return "Latin"
		}
		return "Common"
	}
	for _, n := range scriptNames {
		if unicode.Is(unicode.Scripts[n], r) {
			return n
		}
	}
	return ""
}

// displayEscape rewrites the path, query or fragment s (which may hold
// %XX escapes and raw characters) for display: escaped UTF-8 sequences of
// printable non-ASCII characters are decoded, everything else stays
// escaped, and raw characters that may not be shown are escaped.
func displayEscape(s string) string {
	var b strings.Builder
	prevASCII := true // the last character written is ASCII: a mark may not follow
	writeEscaped := func(p []byte) {
		for _, c := range p {
			writePercent(&b, c)
		}
		prevASCII = true
	}
	show := func(r rune) bool { return showable(r) && !(prevASCII && unicode.IsMark(r)) }
	for i := 0; i < len(s); {
		if s[i] == '%' {
			// Gather a run of %XX escapes and decode what can be shown.
			var raw []byte
			j := i
			for j+2 < len(s) && s[j] == '%' && isHex(s[j+1]) && isHex(s[j+2]) {
				raw = append(raw, unhex(s[j+1])<<4|unhex(s[j+2]))
				j += 3
			}
			if len(raw) == 0 {
				b.WriteByte('%')
				prevASCII = true
				i++
				continue
			}
			for k := 0; k < len(raw); {
				r, size := utf8.DecodeRune(raw[k:])
				if r >= 0x80 && (r != utf8.RuneError || size > 1) && show(r) {
					b.WriteRune(r)
					prevASCII = false
				} else {
					writeEscaped(raw[k : k+size])
				}
				k += size
			}
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			writeEscaped([]byte{s[i]})
		case r < 0x80 && (r <= 0x20 || r == 0x7f):
			writeEscaped([]byte{s[i]})
		case r >= 0x80 && !show(r):
			writeEscaped([]byte(s[i : i+size]))
		default:
			b.WriteString(s[i : i+size])
			prevASCII = r < 0x80
		}
		i += size
	}
	return b.String()
}

// writePercent writes the octet c percent-encoded, "%XX" with upper-case
// hexadecimal digits (RFC 3986 §2.1, §6.2.2.1).
func writePercent(b *strings.Builder, c byte) {
	const upperHex = "0123456789ABCDEF"
	b.WriteByte('%')
	b.WriteByte(upperHex[c>>4])
	b.WriteByte(upperHex[c&15])
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// urlLookalikes look like the characters that structure a URL (/ ? # . @ :)
// or overlay them.
const urlLookalikes = "\u2215\u2044\u2571\u29f8\u1735\uff0f\u0338\u20e5" + // slashes
	"\uff1f\u0294\u0241\u2e2e" + // question marks
	"\uff03\u266f" + // number signs
	"\u3002\uff0e\uff61\u2024\u0701\u0702\ua60e\u10fb" + // full stops
	"\uff20\uff1a\u0589\u05c3\u2236\ua789" // at and colons

// showable reports whether a non-ASCII rune may be shown decoded in a URL.
func showable(r rune) bool {
	switch {
	case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zs, unicode.Zl, unicode.Zp):
		return false
	case r == 0x061c || r == 0x200e || r == 0x200f || r == 0x3164 || r == 0x115f || r == 0x1160 || r == 0xffa0:
		return false // bidi marks (Cf, listed for clarity) and Hangul fillers, which draw as blanks
	case r == 0xfffd || r == 0xfffe || r == 0xffff:
		return false
	case !unicode.IsGraphic(r) && !unicode.IsMark(r):
		return false // unassigned
	case strings.ContainsRune(urlLookalikes, r):
		return false
	}
	return true
}
