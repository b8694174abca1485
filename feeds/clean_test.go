package feeds

import (
	"fmt"
	"net/url"
	"testing"
)

func TestCleanHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One</p><p>Two</p>\n\n<p>Three</p>", "One\n\nTwo\n\nThree"},
		{"white space collapses", "<p>  a \n\t b   c </p>", "a b c"},
		{"br", "line one<br>line two<br/><br>after blank", "line one\nline two\n\nafter blank"},
		{"headings", "<h2>Title</h2><p>Body</p><h3>Sub</h3>text", "Title\n\nBody\n\nSub\n\ntext"},
		{"unordered list", "<p>Intro</p><ul><li>first</li><li>second <b>bold</b></li></ul><p>After</p>",
			"Intro\n\n• first\n• second bold\n\nAfter"},
		{"ordered list", "<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"},
		{"ordered list start", `<ol start="4"><li>four</li><li>five</li></ol>`, "4. four\n5. five"},
		{"nested list", "<ul><li>a<ul><li>a1</li><li>a2</li></ul></li><li>b</li></ul>", "• a\n  • a1\n  • a2\n• b"},
		{"blockquote", "<p>He said:</p><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote><p>End</p>",
			"He said:\n\n> Quoted one.\n\n> Quoted two.\n\nEnd"},
		{"pre keeps white space", "<p>Code:</p><pre>func main() {\n\tfmt.Println(\"hi\")\n}</pre><p>done</p>",
			"Code:\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n\ndone"},
		{"scripts styles and friends dropped", `<p>Keep</p><script>alert("x")</script><style>p{}</style><noscript><img src=t.gif></noscript><iframe src="x">fallback</iframe><svg><text>svg</text></svg><p>this</p>`,
			"Keep\n\nthis"},
		{"image alt text", `<p>Look: <img src="a.png" alt="A chart of GPU prices"> and <img src="b.png"></p>`,
			"Look: A chart of GPU prices and"},
		{"divs are lines", "<div>row one</div><div>row two</div>", "row one\nrow two"},
		{"table", "<table><tr><th>Model</th><th>Score</th></tr><tr><td>A</td><td>90</td></tr></table>",
			"Model | Score\nA | 90"},
		{"entities decoded once", "<p>Fish &amp;amp; chips &lt;b&gt; &nbsp;x</p>", "Fish &amp; chips <b> \u00a0x"},
		{"comments dropped", "a<!-- secret -->b", "ab"},
		{"unclosed tags", "<p>one<p>two<ul><li>x", "one\n\ntwo\n\n• x"},
		{"plain text keeps line breaks", "Line one\r\nLine two\n\n\n\nPara   two  ", "Line one\nLine two\n\nPara   two"},
		{"plain text with a less-than", "a < b, c > d", "a < b, c > d"},
		{"empty", "", ""},
		{"only markup", "<p></p><div> </div><br>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanHTML(tt.in, nil)
			if got.Text != tt.want {
				t.Errorf("CleanHTML(%q).Text =\n%q\nwant\n%q", tt.in, got.Text, tt.want)
			}
		})
	}
}

func TestCleanHTMLLinks(t *testing.T) {
	base, _ := url.Parse("https://example.com/news/feed.xml")
	in := `<p>Read <a href="/a">the post</a>, the <a href="https://other.example/paper.pdf">paper</a>
and <a href="/a">the post again</a>. <a href="#top">top</a> <a href="javascript:alert(1)">js</a>
<a href="mailto:x@example.com">mail</a> <a href="b.html"><img src="i.png" alt="logo"></a> <a href=" ">blank</a></p>`
	got := CleanHTML(in, base)
	wantText := "Read the post[1], the paper[2] and the post again[1]. top js mail logo[3] blank"
	if got.Text != wantText {
		t.Errorf("text =\n%q\nwant\n%q", got.Text, wantText)
	}
	want := []Link{
		{"the post", "https://example.com/a"},
		{"paper", "https://other.example/paper.pdf"},
		{"logo", "https://example.com/news/b.html"},
	}
	if fmt.Sprint(got.Links) != fmt.Sprint(want) {
		t.Errorf("links =\n%v\nwant\n%v", got.Links, want)
	}
}

func TestCleanHTMLDir(t *testing.T) {
	tests := map[string]string{
		`<div dir="rtl"><p>نص</p></div>`:         "rtl",
		`  <!-- c --> <p dir="LTR">text</p>`:     "ltr",
		`<div dir="auto">x</div>`:                "",
		`text first <div dir="rtl">x</div>`:      "",
		`<p>no dir</p><div dir="rtl">late</div>`: "",
		`plain text`:                             "",
	}
	for in, want := range tests {
		if got := CleanHTML(in, nil).Dir; got != want {
			t.Errorf("CleanHTML(%q).Dir = %q, want %q", in, got, want)
		}
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := map[string]bool{
		"plain":           false,
		"a < b":           false,
		"x<3":             false,
		"<p>x</p>":        true,
		"a<br>b":          true,
		"Tom &amp; Jerry": true,
		"R&D; dept":       false,
		"<!-- c -->":      true,
	}
	for in, want := range tests {
		if got := looksLikeHTML(in); got != want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", in, got, want)
		}
	}
}
