package feeds

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func hostileRSS(inner string) string {
	return `<?xml version="1.0"?><rss version="2.0" xmlns:x="urn:x"><channel><title>T</title>` + inner + `</channel></rss>`
}

func TestCheckXMLShape(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("<x:a>", n) + strings.Repeat("</x:a>", n) }
	tests := []struct {
		name string
		doc  string
		err  string // "" for none
	}{
		{"items at the limit", hostileRSS(strings.Repeat("<item/>", MaxItems)), ""},
		{"items over the limit", hostileRSS(strings.Repeat("<item/>", MaxItems+1)), "feed has more than 100000 items"},
		{"prefixed entries count", `<feed>` + strings.Repeat("<atom:entry></atom:entry>", MaxItems+1) + `</feed>`, "feed has more than 100000 items"},
		{"items inside CDATA do not count", hostileRSS("<item><description><![CDATA[" + strings.Repeat("<item>", MaxItems+1) + "]]></description></item>"), ""},
		{"items inside comments do not count", hostileRSS("<!--" + strings.Repeat("<item>", MaxItems+1) + "-->"), ""},
		{"markup in quoted attributes does not count", hostileRSS(`<item><x:y a="` + strings.Repeat("<item>", MaxItems+1) + `"/></item>`), ""},
		{"escaped HTML does not count", hostileRSS("<item><description>" + strings.Repeat("&lt;item&gt;", MaxItems+1) + "</description></item>"), ""},
		{"elements over the limit", hostileRSS("<item>" + strings.Repeat("<x:e/>", MaxElements) + "</item>"), "document has more than 1000000 elements"},
		{"depth at the limit", hostileRSS("<item>" + nest(MaxDepth-3) + "</item>"), ""},
		{"depth over the limit", hostileRSS("<item>" + nest(MaxDepth) + "</item>"), "elements nested deeper than 1024 levels"},
		{"self-closing siblings do not nest", hostileRSS("<item>" + strings.Repeat("<x:e/>", 5000) + "</item>"), ""},
		{"unterminated comment", hostileRSS("<!-- " + strings.Repeat("<item/>", 10)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkXMLShape(tt.doc)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("unexpected %v", err)
			case tt.err != "" && (err == nil || err.Error() != tt.err || !errors.Is(err, ErrTooLarge)):
				t.Fatalf("err = %v, want ErrTooLarge %q", err, tt.err)
			}
		})
	}
}

func TestCheckJSONItems(t *testing.T) {
	items := func(n int, item string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + "]"
	}
	tests := []struct {
		raw string
		bad bool
	}{
		{"[]", false},
		{"", false},
		{items(MaxItems, "{}"), false},
		{items(MaxItems+1, "{}"), true},
		{items(MaxItems+1, "1"), true},
		{`[{"title":"` + strings.Repeat(`,\",[{`, MaxItems+1) + `"}]`, false},
		{`[{"tags":[` + strings.Repeat(`1,`, MaxItems+1) + `1]}]`, false},
	}
	for i, tt := range tests {
		err := checkJSONItems([]byte(tt.raw))
		if (err != nil) != tt.bad || err != nil && !errors.Is(err, ErrTooLarge) {
			t.Errorf("case %d: err = %v, want error %v", i, err, tt.bad)
		}
	}
}

// TestParseRefusesAmplifiers: documents whose bytes fit the size limits but
// whose parse would take gigabytes are refused quickly by Parse, without
// allocating more than a small multiple of their size.
func TestParseRefusesAmplifiers(t *testing.T) {
	tests := []struct {
		name, doc, err string
	}{
		{"two million empty items", hostileRSS(strings.Repeat("<item/>", 2_000_000)), "feed has more than 100000 items"},
		{"nested extension elements", hostileRSS("<item>" + strings.Repeat("<x:a>", 1_200_000) + "</item>"), "elements nested deeper than 1024 levels"},
		{"flat extension elements", hostileRSS("<item>" + strings.Repeat("<x:a/>", 2_000_000) + "</item>"), "document has more than 1000000 elements"},
		{"JSON Feed items", `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[` +
			strings.TrimSuffix(strings.Repeat("{},", 2_000_000), ",") + `]}`, "feed has more than 100000 items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, items, err := Parse([]byte(tt.doc), "", "https://example.com/")
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tt.err || items != nil {
				t.Fatalf("err = %v (%d items), want %q", err, len(items), tt.err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 10*uint64(len(tt.doc)) {
				t.Errorf("refusing a %d-byte document allocated %d bytes", len(tt.doc), alloc)
			}
		})
	}
}
