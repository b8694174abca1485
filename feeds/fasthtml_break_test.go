package feeds

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// short quotes s for a failure message, its middle cut when it is long.
func short(s string) string {
	if len(s) <= 160 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…(%d bytes)…%q", s[:70], len(s), s[len(s)-70:])
}

// checkFastBoth holds fastFragment to the HTML5 parser on s (node by node,
// when it takes s; the parser must not fail then) and CleanHTML with the
// fast path to CleanHTML without it. It reports whether fastFragment took
// s.
func checkFastBoth(t *testing.T, s string) bool {
	t.Helper()
	got, took := fastFragment(s)
	if took {
		ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		want, err := html.ParseFragmentWithOptions(strings.NewReader(s), ctx, html.ParseOptionEnableScripting(false))
		if err != nil {
			t.Errorf("fastFragment(%s) took it, but the parser fails: %v", short(s), err)
		} else if d := sameTree(got, want); d != "" {
			t.Errorf("fastFragment(%s): %s", short(s), d)
		}
	}
	base, _ := url.Parse("https://example.org/dir/page.html")
	defer func(on bool) { useFastHTML = on }(useFastHTML)
	for _, markLinks := range []bool{true, false} {
		useFastHTML = true
		fast := cleanHTML(s, base, markLinks)
		useFastHTML = false
		full := cleanHTML(s, base, markLinks)
		if !reflect.DeepEqual(fast, full) {
			t.Errorf("cleanHTML(%s, links %v): fast path %s, parser %s", short(s), markLinks, short(fmt.Sprintf("%+v", fast)), short(fmt.Sprintf("%+v", full)))
		}
	}
	return took
}

// breakInputs are hand-written inputs aimed at the places where a
// hand-written tree builder and the HTML5 tree construction ("in body",
// WHATWG HTML §13.2.6.4.7) part ways. Whether fastFragment takes one is
// not the point: when it does, its tree must be the parser's.
var breakInputs = []string{
	// Misnesting and the adoption agency.
	"<b><i>x</b></i>", "<b><i>x</b>y</i>z", "<a href=/1><b>x</a>y</b>", "<b>1<p>2</b>3</p>",
	"<p><b>x</p>y", "<b><p>x</b>y</p>", "<i><div>x</i>y</div>", "<em><strong>x</em></strong>",
	"<b>x</i>y</b>", "<span><b>x</span>y</b>", "<b><span>x</b>y</span>", "<a><div>x</a>y</div>",
	"<b><b><b><b>x</b></b></b></b>y", "<b><b><b><b>x</b></b></b>y</b>", "<b><b><b><b><b>x</b>y",
	`<b id=1><b id=1><b id=1><b id=2><b id=1>x</b></b></b></b></b>y`,
	`<b id=2><b><b><b><b>x</b></b></b></b>y</b>z`, `<b class=a id=b><b id=b class=a><b ID=b CLASS=a><b id=b class=a>x</b>y`,
	"<b>x<b>y</b>z</b>w", "<i>a<b>b<i>c</b>d</i>e",
	// <p> closed by blocks, headings, lists, <hr>, <pre>; implied end tags.
	"<p>a<div>b</div>c", "<p>a<h1>b</h1>c", "<p>a<ul><li>b</ul>c", "<p>a<ol><li>b</ol>", "<p>a<hr>b",
	"<p>a<hr/>b", "<p>a<pre>b</pre>", "<p>a<blockquote>q</blockquote>", "<p>a<p>b<p>c", "<p><p><p>",
	"<p>a<li>b", "<p>a<figure>f</figure>", "<p>a<section>s", "<p><span>a<div>b", "<p><b>a<div>b",
	"<p><b>a</b><div>b", "<p>a</p></p>", "<p>a</div>", "<div><p>a</div>b", "<div>a<p>b</div>c</p>",
	"<h1>a<p>b<h2>c", "<p><hr><p>", "<pre><p>x</pre>", "<p><pre>\nx</pre>",
	// <li> and lists.
	"<ul><li>a<li>b</ul>", "<ul><li>a<ul><li>b</ul><li>c</ul>", "<ul><li>a<ul><li>b<li>c</ul></ul>",
	"<li>a<li>b", "<li><div>a<li>b", "<li><p>a<li>b", "<li><span>a<li>b", "<li><b>a<li>b</b>",
	"<ol><li>a</li><li>b</li></ol>", "<li><ol><li>x</ol>y<li>z", "<li><blockquote><li>x",
	"<ul><li>a</ul></li>", "<li>a</li></li>", "<ul><li><h1>x<li>y", "<li><h2>a</h2><li>b",
	// End tags with no open element; </p> and </br>; void end tags.
	"</p>", "</b>", "</div>", "</li>", "</h1>", "</span>", "</a>", "x</b>y", "<b>x</i>y",
	"</br>", "a</br>b", "<p>a</br>b</p>", "</br/>", "</BR>", "</img>", "a</img>b", "</hr>", "</wbr>",
	"<p>a</img>b</p>", "<b>a</hr>b</b>", "<pre></wbr>\nx</pre>", "</img>\n<pre>\nx</pre>",
	"<ul></p></ul>", "<h1>x</h2>", "<h2>x</h1>y", "<h1><span>x</h1>y</span>",
	// <a> inside <a>; headings inside headings.
	"<a href=1>x<a href=2>y</a>z</a>", "<a>x<b><a>y", "<a>x</a><a>y</a>", "<a><span><a>y",
	"<h1>a<h2>b</h2>c</h1>", "<h1><b>a<h2>b", "<h1><span>a<h2>b</h2></span></h1>",
	"<h3>a</h3><h4>b</h4>", "<h1>x<h1>y",
	// Attributes: duplicates, case, quoting, odd values.
	`<a href="/1" href="/2">x</a>`, `<a HREF="/1" href="/2">x</a>`, `<span id=a ID=b Id=c>x</span>`,
	`<b id=1 id=2 class=c>x</b>`, `<img alt="a" ALT="b">`, `<a title=x title=/>y</a>`,
	`<a href=/x/>y</a>`, `<b id=/>x</b>`, `<img src=a/>`, `<img src="a"/>`, `<img src='a'/>`,
	`<img alt>`, `<img alt/>`, `<img alt >`, `<img alt=>`, `<img alt="">`, `<img alt=''>`,
	`<img alt=a"b>`, `<img alt=a'b>`, "<img alt=a`b>", `<img alt=a=b>`, `<img alt=a<b>`,
	`<a href="x"title="y">z</a>`, `<a href='x'title=y>z</a>`, `<a href = "x">y</a>`, `<a href ="x">y</a>`,
	`<a href= "x">y</a>`, `<a =x>y</a>`, `<a ==x>y</a>`, `<a x-y_z:w.v=1>y</a>`, `<a 1=2>y</a>`,
	`<a href="a>b">c</a>`, `<a href='a"b'>c</a>`, `<a href="a'b">c</a>`, `<img alt="tab	x">`,
	"<img alt=\"a\nb\">", "<img alt=\"a\r\nb\rc\">", "<img\nalt=x\tsrc=y\fclass=z\r>",
	`<span dir=RTL>x</span>`, `<p dir=" rtl ">x</p>`, `<a href="" href=x>y</a>`,
	// Entities in attribute values.
	`<a href="?a&amp;b">x</a>`, `<a href="?a&ampb">x</a>`, `<a href="?a&amp">x</a>`, `<a href="?a&amp=1">x</a>`,
	`<a href="?x&notin">x</a>`, `<a href="?x&notin;">x</a>`, `<a href="?x&notit;">x</a>`, `<a href="?x&not=1">x</a>`,
	`<a href="?x&not">x</a>`, `<a href="&#0;">x</a>`, `<a href="&#x110000;">x</a>`, `<a href="&#128;">x</a>`,
	`<a href="&#x80;">x</a>`, `<a href="&#39;">x</a>`, `<a href="&#39">x</a>`, `<a href="&#039;">x</a>`,
	`<a href="&#x27;">x</a>`, `<a href="&#39;&#39;">x</a>`, `<a href="&#39;9">x</a>`, `<a href="&#">x</a>`,
	`<a href="&#;">x</a>`, `<a href="&;">x</a>`, `<a href="&">x</a>`, `<a href="a&">x</a>`, `<a href="&&amp;">x</a>`,
	`<a href="&AMP;">x</a>`, `<a href="&Amp;">x</a>`, `<a href="&lt;&gt;&quot;">x</a>`, `<a href="&LT;">x</a>`,
	`<a href="&quot">x</a>`, `<a href="&lt">x</a>`, `<a href=&amp;x>y</a>`, `<a href=&x=1>y</a>`,
	`<a href="&a1=2&b_=3">x</a>`, `<a href="&a-b=3">x</a>`, `<a href="&amp;=">x</a>`, `<a href="&=">x</a>`,
	`<a href="&#x;">x</a>`, `<a href="&#xD800;">x</a>`, `<a href="&#13;">x</a>`, `<a href="&#10;">x</a>`,
	`<a href="&gt=">x</a>`, `<a href="&gt;=">x</a>`, `<a href="&amp;amp;">x</a>`, `<a href="&ampx;">x</a>`,
	// Character references in text.
	"a &amp b", "a&ampb", "a &copy b", "a &copyb", "a &copy; b", "&notin", "&notin;", "&notit;", "&noti",
	"&#0;", "&#x110000;", "&#128;", "&#x9F;", "&#150;", "&#xD800;", "&#65;&#x41;&#X41", "&#", "&#x",
	"&#;", "&;", "& ", "&", "a&", "&amp;amp;", "&AMP;", "&AMP", "&Amp;", "&lt;b&gt;", "&lt;b>x",
	"&nbsp;&nbsp", "&NotEqualTilde;", "&acE;", "&bne;", "&fjlig;", "&#9999999999;", "&#00000065;",
	"<p>&copy</p>", "<b>&amp</b>", "<a>&#128;</a>", "&lt;script&gt;", "&#60;b&#62;", "&#x3c;p>",
	// CR, LF, NUL and odd bytes.
	"a\rb", "a\r\nb", "a\r\r\nb", "<p>a\r</p>", "\r\n<p>x</p>\r\n", "a\x00b", "<b>\x00</b>",
	"<a href=\"\x00\">x</a>", "&#0;x", "\x01\x02<b>\x7f</b>", "\xff\xfe<b>x</b>", "<b>\xff</b>",
	"\ufeff<p>x</p>", "<p>\u2028\u0085x</p>", "\f<p>\fx\f</p>",
	// Text right after <pre>.
	"<pre>\nx</pre>", "<pre>\r\nx</pre>", "<pre>\rx</pre>", "<pre>\n\nx</pre>", "<pre>\r\n\r\nx</pre>",
	"<pre>&#10;x</pre>", "<pre>&#13;x</pre>", "<pre>&#13;&#10;x</pre>", "<pre>\n</pre>x", "<pre>\n",
	"<pre><b>\nx</b></pre>", "<pre></b>\nx</pre>", "<pre></span>\nx</pre>", "<pre></br>\nx</pre>",
	"<pre>x\n</pre>", "<pre> \nx</pre>", "<pre><br>\nx</pre>", "<pre>\n<b>x</b></pre>", "<pre></pre>\n",
	"<pre>\n&lt;</pre>", "<div><pre>\n\tx</pre></div>", "<PRE>\nx</PRE>", "<pre>a<pre>\nb",
	// White space between blocks.
	"<p>a</p>\n\n<p>b</p>", " <div> <p> x </p> </div> ", "\t\n<ul>\n<li>a</li>\n</ul>\n", "<br> <br>",
	"   ", "\n", "<p> </p>", "<div>\n</div>\n<div>\n</div>",
	// '<' followed by odd bytes.
	"1 < 2", "a<3", "a<", "<", "<<b>x</b>", "a<>b", "a< b", "a<\nb", "a<=b", "a<1b>", "a<-b",
	"a<é>", "a<\xff>", "a</>b", "a</ b>", "a</1>b", "a</ >", "a</", "a<!b", "a<!--x-->b", "a<?x?>b",
	"a<!DOCTYPE html>b", "<b>a<</b>", "<b>a</</b>", "<b x<y>z</b>", "<b<i>x", "a<b", "a<b ", "<b\n",
	"<b>x</b\n>", "<b>x</b >", "<b>x</b/>", "<b>x</b id=1>", "<b>x</ b>", "<b>x</b", "<img src=\"x",
	// Self-closing non-void tags; void end tags; uppercase; digits.
	"<b/>x", "<b />x", "<span/>x</span>", "<p/>x", "<div/>x", "<a href=x/>y", "<li/>", "<h1/>x",
	"<br/>", "<br />", "<br/ >", "<br / >", "<hr/>", "<wbr/>", "<img/>", "<img / >", "<img src=x / >",
	"<B>x</b>", "<b>x</B>", "<SPAN>x</SpAn>", "<P>a<DIV>b", "<H1>x</H1>", "<BR>", "<HR>", "<Img Src=X>",
	"<h7>x</h7>", "<h0>x", "<b1>x</b1>", "<h1x>y", "<p1>x", "<h11>x", "<tt>x</tt>", "<h6>x</h6>",
	// Elements outside the subset next to ones inside it.
	"<p>a<table><tr><td>x</table>", "<b>a<table>b", "<p><button>x<p>y", "<p>x<address>y", "<dl><dt>a<dd>b",
	"<li><address><li>x", "<nobr>a<nobr>b", "<p><svg><p>x", "<math><b>x", "<select><b>x", "<textarea><b>",
	"<title>&amp;</title>", "<script>x</script>", "<noscript><b>x</noscript>", "<image src=x>", "<plaintext><b>",
	"<center>x<p>y", "<button><p>a</button>b", "<marquee><b>x</marquee>y", "<object><p>x</object>",
	"<html><b>x", "<body><b>x", "</body>x", "</html>x", "<p>x<form>y", "<xmp><b></xmp>", "<listing>\nx",
}

func TestFastFragmentBreak(t *testing.T) {
	took := 0
	for _, s := range breakInputs {
		if checkFastBoth(t, s) {
			took++
		}
	}
	t.Logf("fastFragment took %d of %d inputs", took, len(breakInputs))
	// The comparison runs only on what fastFragment takes: these are in
	// its subset, so it must take them.
	for _, s := range []string{
		"<b><b><b><b>x</b></b></b></b>y", `<a href="/1" href="/2">x</a>`, "<p>a<hr>b", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
		"a &copy b", "<pre>&#13;&#10;x</pre>", "a</img>b", `<img alt=a"b>`, "<B>x</b>", "&#128;",
	} {
		if !checkFastBoth(t, s) {
			t.Errorf("fastFragment(%q) declined an input of its subset", s)
		}
	}
}

// TestFastFragmentBreakLarge holds fastFragment to the parser on deep
// nesting and on many tags.
func TestFastFragmentBreakLarge(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "x" + strings.Repeat(close, n)
	}
	for _, s := range []string{
		deep("<b>", "</b>", 3000), deep("<span>", "</span>", 3000), deep("<div>", "</div>", 3000),
		deep("<b><i>", "</b></i>", 500), deep("<ul><li>", "</li></ul>", 1000), deep("<li>", "", 1000),
		deep("<a><b>", "</b></a>", 500), deep("<b id=1>", "</b>", 1000), deep("<h1><span>", "</span></h1>", 500),
		deep("<blockquote><p>", "", 1000), deep("<p><b>", "</b></p>", 500), deep("<pre>", "</pre>", 1000),
		strings.Repeat("<p>x", 20000), strings.Repeat("<br>", 20000), strings.Repeat("a<b>b</b>", 20000),
		strings.Repeat("<b>", 5000) + "x", strings.Repeat("</b>", 5000) + "x", strings.Repeat("</img>", 5000) + "x",
		strings.Repeat("&amp;", 20000), strings.Repeat("<a href=x>y</a>", 5000), strings.Repeat("< ", 20000) + "<b>x",
		strings.Repeat(`<img alt="a&amp;b">`, 5000), strings.Repeat("<li>x", 3000),
	} {
		checkFastBoth(t, s)
	}
}

// TestFastFragmentBreakRandom holds fastFragment to the parser on random
// sequences of tags (mostly from its subset, some outside it), attributes,
// references and text: inputs a byte-level fuzzer rarely reaches.
func TestFastFragmentBreakRandom(t *testing.T) {
	n := 30000
	if testing.Short() {
		n = 3000
	}
	names := []string{
		"a", "b", "i", "em", "strong", "u", "s", "small", "code", "font", "tt", "big", "strike",
		"span", "sub", "sup", "abbr", "cite", "mark", "time", "q", "kbd", "var", "dfn", "ins", "del", "samp",
		"p", "div", "ul", "ol", "blockquote", "figure", "figcaption", "section", "article", "header", "footer",
		"aside", "nav", "main", "pre", "h1", "h2", "h3", "h6", "li", "br", "img", "wbr", "hr",
		"A", "B", "P", "LI", "Pre", "table", "address", "dd", "button", "nobr", "svg", "td", "image", "dl",
	}
	attrs := []string{
		" id=1", ` id="1"`, " ID=2", " class=x", ` href="/a?b=1&amp;c=2"`, " href=/x/", ` title='t'`,
		" alt", " alt=", ` alt="&lt;&#39;"`, ` x="&copy"`, ` x="&c=1"`, " dir=rtl", "\n\tid=3", ` x="a&"`,
		` x="&#39"`, " x=&amp;", ` x="&quot;"`, " X-Y=z", ` id=1 id=2`,
	}
	texts := []string{
		"x", " ", "\n", "\r\n", "\r", "&amp;", "&copy", "&copy;", "&#128;", "&#0;", "&notin", "<", "< 3",
		"&", "a&b", "\t", "نص", "&#13;", "&#10;", "&lt;p&gt;", "</>", "<!-- c -->", "\n\n", "&AMP",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	took := 0
	for range n {
		var sb strings.Builder
		for k := rng.IntN(12) + 1; k > 0; k-- {
			switch r := rng.IntN(10); {
			case r < 4:
				sb.WriteByte('<')
				sb.WriteString(names[rng.IntN(len(names))])
				for m := rng.IntN(3); m > 0 && rng.IntN(3) == 0; m-- {
					sb.WriteString(attrs[rng.IntN(len(attrs))])
				}
				if rng.IntN(15) == 0 {
					sb.WriteString("/")
				}
				sb.WriteByte('>')
			case r < 7:
				sb.WriteString("</")
				sb.WriteString(names[rng.IntN(len(names))])
				sb.WriteByte('>')
			default:
				sb.WriteString(texts[rng.IntN(len(texts))])
			}
		}
		s := sb.String()
		if checkFastFragment(t, s) {
			took++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("fastFragment took %d of %d random inputs", took, n)
}

// TestFastFragmentBreakDepth: the parser fails ("open stack of elements
// exceeds 512 nodes") when an element, void ones too (it pushes and pops
// them), would make its stack of open elements, the root <html> included,
// longer than 512; CleanHTML then reads the input as plain text.
// fastFragment must leave such input to it, on both sides of the limit.
func TestFastFragmentBreakDepth(t *testing.T) {
	for d := 505; d <= 515; d++ {
		for _, s := range []string{
			strings.Repeat("<b>", d) + "x", strings.Repeat("<b>", d) + "<br>", strings.Repeat("<span>", d) + "<img alt=y>",
			strings.Repeat("<div>", d) + "<hr>", strings.Repeat("<div>", d) + "<p>x<hr>", strings.Repeat("<i>", d) + "<p>x<p>y",
			strings.Repeat("<ul><li>", d/2) + "<li>x", strings.Repeat("<span>", d) + "</span><b>x",
		} {
			checkFastBoth(t, s)
		}
	}
	// Below the limit the fast path still builds deep trees.
	if !checkFastBoth(t, strings.Repeat("<b>", 510)+"<br>") {
		t.Error("fastFragment declined 510 nested elements and a <br>")
	}
}

// TestFastFragmentBreakSoup holds fastFragment to the parser on random
// strings of tag pieces (names, '<', '/', '=', quotes, white space,
// reference pieces): malformed tags, attributes and references.
func TestFastFragmentBreakSoup(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 10000
	}
	pieces := []string{
		"<", "<", "<", "</", ">", ">", "/>", "/", "=", `"`, "'", " ", " ", "\n", "\r", "\t", "\f", "&", "&#", ";",
		"#", "x", "39", "128", "0", "amp", "lt", "copy", "notin", "a", "b", "i", "p", "li", "ul", "h1", "h2",
		"pre", "br", "img", "hr", "wbr", "span", "div", "id", "href", "alt", "A", "B", "P", "LI", "PRE", "BR",
		"!", "?", "-", "é", "\xff", "x", "y", "<b>", "</b>", "<p>", "<li>", "<pre>", "<a href=", "<img alt=",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	took := 0
	for range n {
		var sb strings.Builder
		for k := rng.IntN(24) + 1; k > 0; k-- {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if checkFastFragment(t, sb.String()) {
			took++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("fastFragment took %d of %d inputs", took, n)
}

// TestFastFragmentBreakNested holds fastFragment (and CleanHTML with and
// without it) to the parser on random documents that are mostly well
// nested, so that most are in its subset: the end tag usually closes the
// current element, now and then another open one or none.
func TestFastFragmentBreakNested(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	names := make([]string, 0, len(fragKinds))
	for name := range fragKinds {
		names = append(names, name)
	}
	slices.Sort(names)
	attrs := []string{"", "", "", " id=1", ` class="c"`, ` href="/a?b=1&amp;c=2"`, " dir=rtl", ` ID=2 id=3`, ` alt="x &lt;y&gt;"`, ` title='&#39;'`}
	texts := []string{"x", " ", "\n", "\r\n", "&amp;", "&copy", "&#128;", "< 3", "نص", "\n\n", "&notin;"}
	rng := rand.New(rand.NewPCG(5, 6))
	took := 0
	for range n {
		var sb strings.Builder
		var open []string
		for k := rng.IntN(30) + 1; k > 0; k-- {
			switch r := rng.IntN(20); {
			case r < 8:
				name := names[rng.IntN(len(names))]
				sb.WriteString("<" + name + attrs[rng.IntN(len(attrs))] + ">")
				if k := fragKinds[name]; k != kindVoid && k != kindVoidP {
					open = append(open, name)
				}
			case r < 13 && len(open) > 0:
				sb.WriteString("</" + open[len(open)-1] + ">")
				open = open[:len(open)-1]
			case r < 14 && len(open) > 0:
				sb.WriteString("</" + open[rng.IntN(len(open))] + ">")
			case r < 15:
				sb.WriteString("</" + names[rng.IntN(len(names))] + ">")
			default:
				sb.WriteString(texts[rng.IntN(len(texts))])
			}
		}
		if checkFastBoth(t, sb.String()) {
			took++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("fastFragment took %d of %d inputs", took, n)
}

// hostileInputs are inputs that cost a naive tree builder time
// quadratic in their length: many text joins into one node (each ignored
// end tag joins the text after it to the text before) and many attributes
// on one tag (each checked against the tag's earlier ones).
func hostileInputs() map[string]string {
	var attrs strings.Builder
	attrs.WriteString("<span")
	for i := range 40000 {
		fmt.Fprintf(&attrs, " a%d", i)
	}
	attrs.WriteString(">x")
	return map[string]string{
		"joins": strings.Repeat("a</img>", 80000),
		"attrs": attrs.String(),
	}
}

// TestFastFragmentBreakHostile: fastFragment leaves the hostile inputs to
// the parser, whose text joins and duplicate-attribute checks are linear,
// and builds what it takes the parser's way.
func TestFastFragmentBreakHostile(t *testing.T) {
	for name, s := range hostileInputs() {
		if checkFastBoth(t, s) {
			t.Errorf("fastFragment took the %s input (%d bytes)", name, len(s))
		}
	}
}

// strayInputs are long texts with many '<' that start no element: stray
// ones and ignored end tags. fastFragment takes them; the nodes it sizes
// its slab for must not grow with those '<'.
func strayInputs() map[string]string {
	return map[string]string{
		"lt":      strings.Repeat("<", 1<<20) + "<b>x</b>",
		"math":    strings.Repeat("1 < 2 ", 1<<18) + "<b>x</b>",
		"endtags": strings.Repeat("</img>", 1<<18) + "<b>x</b>",
	}
}

// TestFastFragmentBreakStray: on the stray inputs fastFragment builds
// the parser's tree from a slab of a few nodes (it counted every '<' and
// allocated two nodes, about 200 bytes, for each).
func TestFastFragmentBreakStray(t *testing.T) {
	for name, s := range strayInputs() {
		if !checkFastBoth(t, s) {
			t.Errorf("fastFragment declined the %s input", name)
		}
		b := new(fragBuilder)
		b.build(s)
		if c := cap(b.slab); c > 64 {
			t.Errorf("%s input (%d bytes, 3 nodes): slab of %d nodes", name, len(s), c)
		}
	}
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"<", 0}, {"<b", 1}, {"<B>", 1}, {"</b>", 0}, {"a<1<é<@<[<`<{<z", 1}, {"<<b><<i>", 2},
		{`<img alt="<b>">`, 2}, {"<!-- x --><?x>", 0},
	} {
		if got := startTags(tc.in); got != tc.want {
			t.Errorf("startTags(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// BenchmarkFastFragmentHostile measures parseFragment (fast path first)
// on the hostile and stray inputs.
func BenchmarkFastFragmentHostile(b *testing.B) {
	inputs := hostileInputs()
	for name, s := range strayInputs() {
		inputs[name] = s
	}
	for name, s := range inputs {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for range b.N {
				_, fb, err := parseFragment(s)
				if err != nil {
					b.Fatal(err)
				}
				if fb != nil {
					fb.release()
				}
			}
		})
	}
}
