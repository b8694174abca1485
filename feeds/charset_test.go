package feeds

import (
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// rssWith returns a one-item RSS document with the given declaration
// attributes, title and description, as a Go string to be encoded.
func rssWith(decl, title, desc string) string {
	return `<?xml version="1.0"` + decl + `?>` + "\n" +
		`<rss version="2.0"><channel><title>` + title + `</title>` +
		`<item><title>` + title + `</title><description>` + desc + `</description>` +
		`<guid>g1</guid></item></channel></rss>`
}

func TestParseLegacyEncodings(t *testing.T) {
	const (
		arabic = "الذكاء الاصطناعي يغيّر الأخبار"
		hebrew = "בינה מלאכותית משנה את החדשות"
	)
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantTitle   string
		wantEnc     string
	}{
		{
			name:      "windows-1256 declared in XML",
			body:      encode(t, charmap.Windows1256, rssWith(` encoding="windows-1256"`, arabic, "نص")),
			wantTitle: arabic, wantEnc: "windows-1256",
		},
		{
			name:      "ISO-8859-6 declared in XML",
			body:      encode(t, charmap.ISO8859_6, rssWith(` encoding="ISO-8859-6"`, "الذكاء الاصطناعي", "نص")),
			wantTitle: "الذكاء الاصطناعي", wantEnc: "iso-8859-6",
		},
		{
			name:      "windows-1255 declared in XML",
			body:      encode(t, charmap.Windows1255, rssWith(` encoding="windows-1255"`, hebrew, "טקסט")),
			wantTitle: hebrew, wantEnc: "windows-1255",
		},
		{
			name:        "HTTP charset wins over the XML declaration",
			body:        encode(t, charmap.Windows1255, rssWith(` encoding="utf-8"`, hebrew, "x")),
			contentType: "application/rss+xml; charset=windows-1255",
			wantTitle:   hebrew, wantEnc: "windows-1255",
		},
		{
			name:        "BOM wins over the HTTP charset",
			body:        append([]byte{0xEF, 0xBB, 0xBF}, rssWith("", arabic, "x")...),
			contentType: "text/xml; charset=windows-1256",
			wantTitle:   arabic, wantEnc: "utf-8",
		},
		{
			name:      "UTF-16LE with BOM",
			body:      encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), rssWith(` encoding="UTF-16"`, arabic, "x")),
			wantTitle: arabic, wantEnc: "utf-16le",
		},
		{
			name:      "UTF-16BE with BOM",
			body:      encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), rssWith("", hebrew, "x")),
			wantTitle: hebrew, wantEnc: "utf-16be",
		},
		{
			name:      "UTF-16 declared on ASCII-compatible bytes is ignored",
			body:      []byte(rssWith(` encoding="UTF-16"`, arabic, "x")),
			wantTitle: arabic, wantEnc: "utf-8",
		},
		{
			name:      "valid UTF-8 without declaration",
			body:      []byte(rssWith("", arabic, "x")),
			wantTitle: arabic, wantEnc: "utf-8",
		},
		{
			name:      "undeclared non-UTF-8 falls back to windows-1252",
			body:      encode(t, charmap.Windows1252, rssWith("", "Café “quoted” – naïve", "x")),
			wantTitle: "Café “quoted” – naïve", wantEnc: "windows-1252",
		},
		{
			name:      "ISO-8859-1 label reads as windows-1252",
			body:      encode(t, charmap.Windows1252, rssWith(` encoding="ISO-8859-1"`, "don’t", "x")),
			wantTitle: "don’t", wantEnc: "windows-1252",
		},
		{
			name:      "unknown label falls through to UTF-8",
			body:      []byte(rssWith(` encoding="x-no-such-charset"`, arabic, "x")),
			wantTitle: arabic, wantEnc: "utf-8",
		},
		{
			name:      "invalid UTF-8 in a UTF-8 document becomes U+FFFD",
			body:      []byte(rssWith(` encoding="utf-8"`, "caf\xe9 ok \xff", "x")),
			wantTitle: "caf\ufffd ok \ufffd", wantEnc: "utf-8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta, items, err := Parse(tt.body, tt.contentType, "https://example.com/feed")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if meta.Encoding != tt.wantEnc {
				t.Errorf("encoding = %q, want %q", meta.Encoding, tt.wantEnc)
			}
			if len(items) != 1 {
				t.Fatalf("got %d items, want 1", len(items))
			}
			if items[0].Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", items[0].Title, tt.wantTitle)
			}
			if meta.Title != tt.wantTitle {
				t.Errorf("feed title = %q, want %q", meta.Title, tt.wantTitle)
			}
		})
	}
}

func TestParseLegacyEncodingLangAndDir(t *testing.T) {
	body := encode(t, charmap.Windows1256, rssWith(` encoding="windows-1256"`, "خبر عاجل", "<p>شركة OpenAI تعلن نموذجاً جديداً</p>"))
	_, items, err := Parse(body, "", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if got := items[0]; got.Lang != "ar" || got.Dir != "rtl" {
		t.Errorf("lang/dir = %q/%q, want ar/rtl", got.Lang, got.Dir)
	}
	if want := "شركة OpenAI تعلن نموذجاً جديداً"; items[0].Content != want {
		t.Errorf("content = %q, want %q", items[0].Content, want)
	}
}

func TestHTTPCharset(t *testing.T) {
	tests := map[string]string{
		"":                                      "",
		"text/xml":                              "",
		"text/xml; charset=windows-1256":        "windows-1256",
		`application/rss+xml; charset="UTF-8"`:  "UTF-8",
		"text/xml;charset=iso-8859-6;":          "iso-8859-6",
		"text/xml; foo=bar; charset=utf-8; x=y": "utf-8",
	}
	for in, want := range tests {
		if got := httpCharset(in); got != want {
			t.Errorf("httpCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestXMLDeclEncoding(t *testing.T) {
	tests := map[string]string{
		`<?xml version="1.0" encoding="windows-1255"?><rss/>`: "windows-1255",
		`  <?xml version='1.0' encoding='ISO-8859-6' ?>`:      "ISO-8859-6",
		`<?xml version="1.0"?><rss/>`:                         "",
		`<rss encoding="x"/>`:                                 "",
		`<?xml version="1.0" encoding = "utf-8"?>`:            "utf-8",
	}
	for in, want := range tests {
		if got := xmlDeclEncoding([]byte(in)); got != want {
			t.Errorf("xmlDeclEncoding(%q) = %q, want %q", in, got, want)
		}
	}
}
