package feeds

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// ErrBadURL is returned (wrapped) for a subscription address that is neither
// an http(s) URL nor a local file path.
var ErrBadURL = errors.New("not a feed URL or file path")

// NormalizeURL returns the canonical form of a subscription address, so that
// the same feed is never added twice:
//
//   - http and https URLs: scheme and host lower-cased, an internationalized
//     host converted to its ASCII (punycode) form (IDNA, RFC 5891), the default
//     port (80/443) removed, an empty path made "/", the fragment dropped;
//     in the query, non-ASCII bytes, controls, spaces and the characters
//     RFC 3986 never allows raw are percent-encoded, the rest kept as is.
//   - "feed://" and "feed:https://" forms are read as http(s).
//   - file:// URLs and local paths (absolute, relative to the current
//     directory, or starting with "~/") become an absolute, cleaned
//     "file://" URL. A path is not required to exist.
//
// It returns an error wrapping ErrBadURL for other schemes or an empty input.
func NormalizeURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("empty address: %w", ErrBadURL)
	}
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "feed:http://"), strings.HasPrefix(low, "feed:https://"):
		s = s[len("feed:"):]
	case strings.HasPrefix(low, "feed://"):
		s = "http://" + s[len("feed://"):]
	}
	low = strings.ToLower(s)
	if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") {
		u, err := url.Parse(s)
		if err != nil {
			return "", fmt.Errorf("%q: %v: %w", raw, err, ErrBadURL)
		}
		u.Scheme = strings.ToLower(u.Scheme)
		host := u.Hostname()
		if host == "" {
			return "", fmt.Errorf("%q: no host: %w", raw, ErrBadURL)
		}
		var ascii string
		if ip, err := netip.ParseAddr(host); err == nil {
			// One spelling of an address ([::0001] is [::1], hex digits
			// in lower case); a zone (an interface name) keeps its case.
			if strings.Trim(ip.Zone(), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") != "" {
				return "", fmt.Errorf("%q: invalid IPv6 zone %q: %w", raw, ip.Zone(), ErrBadURL)
			}
			ascii = ip.String()
		} else {
			ascii, err = hostProfile.ToASCII(strings.ToLower(host))
			if err == nil && strings.Trim(ascii, "abcdefghijklmnopqrstuvwxyz0123456789.-_") != "" {
				// Left after mapping: not a DNS name (RFC 1123 letters,
				// digits, hyphens and dots, plus the underscores some
				// feed hosts carry).
				err = errors.New("characters a host name cannot hold")
			}
			if err != nil {
				return "", fmt.Errorf("%q: invalid host name: %v: %w", raw, err, ErrBadURL)
			}
		}
		// A fully qualified name's final dot names the same host (after
		// mapping, which turns "。" into ".").
		ascii = strings.TrimRight(ascii, ".")
		if ascii == "" {
			return "", fmt.Errorf("%q: no host: %w", raw, ErrBadURL)
		}
		port := u.Port()
		if port != "" {
			n, err := strconv.Atoi(port)
			if err != nil || n < 1 || n > 65535 {
				return "", fmt.Errorf("%q: invalid port %q: %w", raw, port, ErrBadURL)
			}
			port = strconv.Itoa(n) // :0080 is :80
		}
		if u.User != nil && u.User.String() == "" {
			u.User = nil // "http://@host/" names no user
		}
		if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
			port = ""
		}
		if strings.Contains(ascii, ":") { // IPv6 literal
			ascii = "[" + ascii + "]"
		}
		if port != "" {
			ascii += ":" + port
		}
		u.Host = ascii
		// RFC 3986 §6.2.2: percent-encoded unreserved characters decoded,
		// the other escapes in upper case, dot segments removed (§5.2.4).
		esc := removeDotSegments(normalizeEscapes(u.EscapedPath()))
		if p, err := url.PathUnescape(esc); err == nil {
			u.Path, u.RawPath = p, esc
		}
		if u.Path == "" && u.RawPath == "" {
			u.Path = "/"
		}
		u.ForceQuery = false // a bare "?" asks for nothing
		u.Fragment = ""
		u.RawFragment = ""
		// url.Parse keeps the query as written: percent-encode what a URI may
		// not hold raw (RFC 3986 §2.1, RFC 3987 §3.1), so that no control,
		// C1 or bidi character reaches the store or a terminal.
		u.RawQuery = asciiEscape(normalizeEscapes(u.RawQuery))
		return u.String(), nil
	}
	if strings.HasPrefix(low, "file://") {
		u, err := url.Parse(s)
		if err != nil {
			return "", fmt.Errorf("%q: %v: %w", raw, err, ErrBadURL)
		}
		if u.Host != "" && !strings.EqualFold(u.Host, "localhost") {
			return "", fmt.Errorf("%q: file URL with a remote host: %w", raw, ErrBadURL)
		}
		return fileURL(u.Path)
	}
	if i := strings.Index(s, "://"); i > 0 && !strings.ContainsAny(s[:i], `/\`) {
		return "", fmt.Errorf("%q: unsupported scheme %q: %w", raw, s[:i], ErrBadURL)
	}
	if strings.HasPrefix(s, "//") {
		return "", fmt.Errorf("%q: a URL without a scheme (write http:// or https://): %w", raw, ErrBadURL)
	}
	if strings.HasPrefix(low, "file:") {
		// RFC 8089 §2: file:/path has no authority; file:name is not a
		// file URL at all.
		if !strings.HasPrefix(low, "file:/") {
			return "", fmt.Errorf("%q: a file URL needs an absolute path (file:///…): %w", raw, ErrBadURL)
		}
		u, err := url.Parse(s)
		if err != nil {
			return "", fmt.Errorf("%q: %v: %w", raw, err, ErrBadURL)
		}
		return fileURL(u.Path)
	}
	if m := uriScheme.FindString(s); len(m) > 2 {
		// javascript:, data:, mailto:, about: … (RFC 3986 §3.1 scheme
		// syntax; one letter is a drive, as in C:\feeds).
		return "", fmt.Errorf("%q: unsupported scheme %q: %w", raw, m[:len(m)-1], ErrBadURL)
	}
	p := s
	if p == "~" || strings.HasPrefix(p, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("%q: %v: %w", raw, err, ErrBadURL)
		}
		p = filepath.Join(home, p[1:])
	}
	return fileURL(p)
}

// IsRelativePath reports whether NormalizeURL reads raw as a local path
// relative to the current directory (not a URL of any scheme, not "~" or
// "~/…", not absolute), so that a caller reading a subscription list can
// resolve it against the list's own directory instead.
func IsRelativePath(raw string) bool {
	s := strings.TrimSpace(raw)
	if s == "" || s == "~" || strings.HasPrefix(s, "~/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, string(os.PathSeparator)) {
		return false
	}
	if i := strings.Index(s, "://"); i > 0 && !strings.ContainsAny(s[:i], `/\`) {
		return false // http://, file://, feed://, an unsupported scheme
	}
	if m := uriScheme.FindString(s); len(m) > 2 {
		return false // feed:https://, file:/…, mailto:, host:port/…
	}
	return !filepath.IsAbs(s)
}

// normalizeEscapes decodes the percent-encoded octets of unreserved
// characters (RFC 3986 §2.3: letters, digits, "-", ".", "_", "~") and
// writes the hexadecimal digits of the others in upper case (§6.2.2.1).
func normalizeEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c := unhex(s[i+1])<<4 | unhex(s[i+2])
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
				b.WriteByte(c)
			} else {
				writePercent(&b, c)
			}
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// removeDotSegments removes "." and ".." segments from an absolute URL
// path as RFC 3986 §5.2.4 does ("/a/../feed" → "/feed", "/a/." → "/a/").
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case ".":
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return strings.Join(out, "/")
}

// uriScheme matches a URI scheme and its colon at the start of a string
// (RFC 3986 §3.1: a letter, then letters, digits, "+", "-" or ".").
var uriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// hostProfile maps host names for lookup as UTS #46 does, without the STD3
// rules that would refuse the underscores some real feed hosts carry.
var hostProfile = idna.New(idna.MapForLookup(), idna.StrictDomainName(false), idna.BidiRule())

func fileURL(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%q: %v: %w", p, err, ErrBadURL)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// FilePath returns the local path of a normalized "file://" URL, and false
// for any other URL.
func FilePath(u string) (string, bool) {
	if !strings.HasPrefix(u, "file://") {
		return "", false
	}
	pu, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	return filepath.FromSlash(pu.Path), true
}
