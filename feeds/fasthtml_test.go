package feeds

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// fullFragment is parseFragment without the fast path.
func fullFragment(t testing.TB, s string) []*html.Node {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(s), ctx, html.ParseOptionEnableScripting(false))
	if err != nil {
		t.Fatalf("ParseFragment(%q): %v", s, err)
	}
	return nodes
}

// sameTree returns "" when the node lists are equal in every field the
// parser sets (type, names, atoms, namespaces, attributes, text, and the
// shape), else where they first differ.
func sameTree(got, want []*html.Node) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d top-level nodes, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Parent != nil || g.PrevSibling != nil || g.NextSibling != nil {
			return fmt.Sprintf("top-level node %d is not detached", i)
		}
		if d := sameNode(g, w, "/"+w.Data); d != "" {
			return d
		}
	}
	return ""
}

func sameNode(g, w *html.Node, path string) string {
	if g.Type != w.Type || g.Data != w.Data || g.DataAtom != w.DataAtom || g.Namespace != w.Namespace {
		return fmt.Sprintf("%s: node %v %q %v %q, want %v %q %v %q", path, g.Type, g.Data, g.DataAtom, g.Namespace, w.Type, w.Data, w.DataAtom, w.Namespace)
	}
	if !slices.Equal(g.Attr, w.Attr) {
		return fmt.Sprintf("%s: attributes %q, want %q", path, g.Attr, w.Attr)
	}
	gc, wc := g.FirstChild, w.FirstChild
	for k := 0; gc != nil || wc != nil; k++ {
		if gc == nil || wc == nil {
			return fmt.Sprintf("%s: child %d missing on one side", path, k)
		}
		if gc.Parent != g || wc.PrevSibling != nil && gc.PrevSibling == nil {
			return fmt.Sprintf("%s: child %d badly linked", path, k)
		}
		if d := sameNode(gc, wc, fmt.Sprintf("%s/%d:%s", path, k, wc.Data)); d != "" {
			return d
		}
		if gc.NextSibling == nil && g.LastChild != gc {
			return fmt.Sprintf("%s: LastChild wrong", path)
		}
		gc, wc = gc.NextSibling, wc.NextSibling
	}
	return ""
}

// checkFastFragment fails when fastFragment takes s and builds a tree
// other than the parser's.
func checkFastFragment(t testing.TB, s string) bool {
	t.Helper()
	got, ok := fastFragment(s)
	if !ok {
		return false
	}
	if d := sameTree(got, fullFragment(t, s)); d != "" {
		t.Errorf("fastFragment(%q): %s", s, d)
	}
	return true
}

func TestFastFragment(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fast bool
	}{
		{"<p>one</p><p>two &amp; three</p>", true},
		{"<p>one<p>two", true},
		{`<p dir="rtl">نص <a href="/x?a=1&amp;b=2" title='t'>رابط</a></p>`, true},
		{"<ul><li>a</li><li>b <b>c</b></li></ul>", true},
		{"<p>text<ul><li>x</li></ul>", true},
		{`<b id="2" class="x" id="1">dup</b>`, true},
		{"<h1>a<h2>b</h2></h1>", false},
		{"<li>a<li>b", false},
		{"<a href=x>unquoted</a>", true},
		{"<a href= x>space</a>", false},
		{"<a href=/x/>slash</a>", true},
		{"<img alt=\"x\"/><img alt/><br /><img src=\"a\" /><img src=a/>", true},
		{"<p title=>empty</p>", false},
		{"<font color=red>f</font> <tt>t</tt>", true},
		{"<a href='/a'>x<a href='/b'>y</a></a>", false},
		{"<p><b>bold<p>next", false},
		{"<b><i>misnested</b></i>", false},
		{"</p>", false},
		{"<p>x</div>", false},
		{"a <!-- c --> b", false},
		{"<pre>\ncode</pre>", true},
		{"<pre>\n</pre><pre>&#13;\nx</pre><pre>\n\ny</pre>", true},
		{"<p>a<pre>\r\nb\rc</pre>", true},
		{"a\r\nb<br\r\nclass=\"x\r\ny\">", true},
		{"1 < 2 <br/> 3 <3", true},
		{"<IMG SRC='x' ALT=\"Y &lt;\"/>", true},
		{"<p>x</p><hr><p>y", true},
		{"<span/>", false},
		{`<a href="/?x&copy;">x</a>`, false},
		{"<p>a &copy b &notit; c</p>", true},
		{"<div><p>x</p></div><div>y", true},
		{"<a href='/a'>x<img src=y></img> z</a></img></wbr>w</hr>", true},
		{"a</img>b</br>c", false},
		{"<pre></img>\nx</pre>", true},
		{`<a href="/q?a=1&b=2&c&d;&=&#38;">x</a>`, false},
		{`<a href="/q?a=1&b=2&&=;&#39;&amp;">x</a>`, true},
		{`<a href="/q?a=1&c&d=1">x</a>`, false},
		{`<img src="/q?a=1&copy=2">`, true},
		{`<img src="/q?a=1&copy;">`, false},
		{`<img src="/q?a=1&copy">`, false},
	} {
		if got := checkFastFragment(t, tc.in); got != tc.fast {
			t.Errorf("fastFragment(%q) took it: %v, want %v", tc.in, got, tc.fast)
		}
	}
}

// TestFastFragmentCorpus compares fastFragment with the parser on every
// title, content and description of the real-feed corpus.
func TestFastFragmentCorpus(t *testing.T) {
	root := testcorpus.Dir(t, "corpus")
	total, fast := 0, 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := parseDocument(body, "", "https://example.com/feed", defaultMaxDecoded)
		if err != nil {
			return nil
		}
		for _, gi := range doc.feed.Items {
			if gi == nil {
				continue
			}
			for _, s := range []string{gi.Title, gi.Content, gi.Description} {
				if !looksLikeHTML(s) {
					continue
				}
				total++
				if checkFastFragment(t, s) {
					fast++
				}
			}
		}
		return nil
	})
	t.Logf("fastFragment took %d of %d HTML fields", fast, total)
	if total > 0 && fast == 0 {
		t.Error("fastFragment took no field of the corpus")
	}
}

// FuzzFastFragment checks fastFragment against the HTML5 parser on every
// input it takes.
func FuzzFastFragment(f *testing.F) {
	for _, s := range []string{
		"<p>one<p>two &amp; <b>three</b></p>", `<ul><li><a href="/x?a=1&amp;b=2" TITLE='t'>x</a></li></ul>`,
		"<h1>a</h1><div><p>b<hr/>c</div>", `<b class="x" id="1" ID="2">y</b>`, "<li><p>a<li>b", "1 < 2 <br> &copy 3",
		"<p><i>a<p>b</i>", "<a href='/1'>x<a>y</a>", "<h2><span>a<h3>b", "<img alt=\"&lt;&#39;\">",
		"<div><ul><li>a<ol><li>b</li></ol></li></ul></div>", "<blockquote><p>q</blockquote>", "<p>a<figure><img src=x></figure>",
		"<b><b><b><b>x</b></b></b></b>", "<a href=\"#\" dir=rtl>y</a>", "<p dir=\"rtl\">\n\tنص</p>\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFastFragment(t, s)
	})
}
