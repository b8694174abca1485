package feeds

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// decodeDocument converts a whole feed document to UTF-8, deciding the
// charset once, in this order (the order of XML 1.0 Appendix F and RFC 7303
// §3, with the fallbacks real readers use):
//
//  1. a byte order mark (UTF-8, UTF-16 BE/LE, UTF-32 BE/LE), which is removed;
//  2. the charset parameter of the HTTP Content-Type;
//  3. the encoding in the XML declaration (or, without a BOM, the UTF-16/32
//     byte pattern of "<?" at the start);
//  4. UTF-8 when the bytes are valid UTF-8;
//  5. windows-1252.
//
// Labels are looked up as WHATWG encoding labels (golang.org/x/text htmlindex,
// so "iso-8859-1" and "latin1" mean windows-1252 as in browsers), then as IANA
// names (ianaindex); an unknown label is skipped. A declaration of UTF-16 or
// UTF-32 on bytes that are ASCII-compatible (the declaration itself was
// readable as ASCII) is a mis-declaration and is skipped too.
//
// The returned text may still hold invalid UTF-8 when the chosen charset is
// UTF-8; later steps turn each invalid byte into U+FFFD. name is the WHATWG
// (or IANA) name of the charset used, lower case.
func decodeDocument(body []byte, contentType string) (text string, name string) {
	if enc, name, n := bomEncoding(body); enc != nil {
		return decodeWith(enc, name, body[n:])
	}
	if label := httpCharset(contentType); label != "" {
		if enc, name := lookupCharset(label); enc != nil && !(isWideName(name) && asciiCompatibleStart(body)) {
			return decodeWith(enc, name, body)
		}
	}
	if enc, name := wideWithoutBOM(body); enc != nil {
		return decodeWith(enc, name, body)
	}
	if label := xmlDeclEncoding(body); label != "" {
		if enc, name := lookupCharset(label); enc != nil && !isWideName(name) {
			return decodeWith(enc, name, body)
		}
	}
	if utf8.Valid(body) {
		return string(body), "utf-8"
	}
	enc, name := lookupCharset("windows-1252")
	return decodeWith(enc, name, body)
}

func decodeWith(enc encoding.Encoding, name string, body []byte) (string, string) {
	if name == "utf-8" {
		return string(body), name
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// x/text decoders replace malformed input with U+FFFD and do not
		// fail; should one fail anyway, read the bytes as UTF-8 (invalid
		// bytes become U+FFFD later) rather than lose the feed.
		return string(body), "utf-8"
	}
	return string(out), name
}

func bomEncoding(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be", 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le", 4
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	}
	return nil, "", 0
}

// wideWithoutBOM recognizes "<?" (or "<" and a letter) encoded in UTF-16 or
// UTF-32 without a byte order mark (XML 1.0 Appendix F.1).
func wideWithoutBOM(b []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0, 0, 0, '<'}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be"
	case bytes.HasPrefix(b, []byte{'<', 0, 0, 0}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le"
	case len(b) >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	case len(b) >= 4 && b[0] == '<' && b[1] == 0 && b[2] != 0 && b[3] == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	}
	return nil, ""
}

func isWideName(name string) bool {
	return strings.HasPrefix(name, "utf-16") || strings.HasPrefix(name, "utf-32")
}

// asciiCompatibleStart reports whether the document starts like an
// ASCII-compatible one ('<', '{' or white space followed by one of them, with
// no NUL bytes in the first bytes), so that a UTF-16/32 label cannot be right.
func asciiCompatibleStart(b []byte) bool {
	n := min(len(b), 64)
	if n == 0 {
		return true
	}
	return bytes.IndexByte(b[:n], 0) < 0
}

// httpCharset returns the charset parameter of a Content-Type header value,
// "" if none.
func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Be lenient with malformed headers such as "text/xml;charset=utf-8;".
		low := strings.ToLower(contentType)
		i := strings.Index(low, "charset=")
		if i < 0 {
			return ""
		}
		v := contentType[i+len("charset="):]
		if j := strings.IndexAny(v, "; \t"); j >= 0 {
			v = v[:j]
		}
		return strings.Trim(v, `"'`)
	}
	return strings.TrimSpace(params["charset"])
}

// xmlDeclEncoding returns the encoding pseudo-attribute of an XML declaration
// at the start of b (after white space), "" if none.
func xmlDeclEncoding(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		end = min(len(b), 200)
	}
	decl := b[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 {
		return ""
	}
	q := rest[0]
	if q != '"' && q != '\'' {
		if j := bytes.IndexAny(rest, " \t\r\n?"); j >= 0 {
			return string(rest[:j])
		}
		return string(rest)
	}
	rest = rest[1:]
	j := bytes.IndexByte(rest, q)
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(string(rest[:j]))
}

// lookupCharset resolves an encoding label: first as a WHATWG label
// (htmlindex), then as an IANA name (ianaindex). It returns a nil Encoding
// for unknown or unsupported labels.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if label == "" {
		return nil, ""
	}
	if enc, err := htmlindex.Get(label); err == nil && enc != nil {
		name, err := htmlindex.Name(enc)
		if err != nil {
			name = label
		}
		if name == "replacement" {
			// WHATWG maps ISO-2022-KR, HZ and similar to an encoding that
			// decodes to a single U+FFFD; treat the label as unknown.
			return nil, ""
		}
		return enc, strings.ToLower(name)
	}
	if enc, err := ianaindex.IANA.Encoding(label); err == nil && enc != nil {
		name, err := ianaindex.IANA.Name(enc)
		if err != nil {
			name = label
		}
		return enc, strings.ToLower(name)
	}
	return nil, ""
}
