package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The topic slugs of ../shared/topics.md. Not read from the file: this
// package's tests must run without ../shared, and the taxonomy's slugs are
// stable identifiers.
var topicSlugs = []string{
	"open-source", "monetization", "investment", "compute", "model-release", "research",
	"product", "talent", "safety", "regulation", "geopolitics", "competition",
}

// intent is what each demo item is about, by link slug: the topics a reader
// (and a reasonable tagger) should give it. nil marks the off-topic items.
// It is the author's labelling, kept here so that the sample text and the
// labels cannot drift apart unnoticed.
var intent = map[string][]string{
	// ar-rss.xml
	"podcast-47-market-share":          {"competition", "product"},
	"openai-plus-price-rise":           {"monetization", "product"},
	"us-export-controls-expansion":     {"geopolitics", "compute"},
	"eu-ai-act-enforcement-begins":     {"regulation"},
	"meta-behemoth-open-source-debate": {"open-source", "competition"},
	"amman-weather-rain":               nil,
	"arabic-grammar-llm-study":         {"research"},
	"xai-funding-round":                {"investment"},
	"anthropic-claude-risk-report":     {"safety"},
	"deepseek-r2-open-weights":         {"model-release", "open-source", "geopolitics"},
	"openai-researcher-departures":     {"talent"},
	"nvidia-demand-outstrips-supply":   {"compute"},
	// ar-atom.xml
	"enterprise-llm-market-share":       {"competition"},
	"mistral-le-chat-enterprise-arabic": {"product"},
	"apple-siri-delay-2027":             {"model-release", "product"},
	"gulf-sovereign-ai-race":            {"geopolitics", "investment"},
	"ads-in-ai-assistants":              {"monetization"},
	"deepmind-small-prover-paper":       {"research"},
	"wydad-throne-cup-final":            nil,
	"qwen35-open-weights":               {"open-source", "model-release"},
	"microsoft-capex-nuclear":           {"compute", "investment"},
	"voice-cloning-fraud-gulf":          {"safety"},
	"meta-superintelligence-reorg":      {"talent"},
	"arab-press-ai-payment-bill":        {"regulation"},
	// en-rss.xml
	"openai-gpt5-mini-price-cut":          {"monetization", "competition"},
	"nvidia-backlog-power-bottleneck":     {"compute"},
	"anthropic-funding-round":             {"investment"},
	"meta-behemoth-delayed-again":         {"model-release", "open-source"},
	"mistral-magistral-apache":            {"open-source"},
	"reasoning-traces-faithfulness-paper": {"research"},
	"gemini-replaces-assistant-android":   {"product"},
	"xai-researchers-leave-zurich-lab":    {"talent"},
	"frontier-labs-biorisk-sharing":       {"safety"},
	"entity-list-chip-smuggling":          {"geopolitics"},
	"courts-copyright-ai-policy":          {"regulation"},
	"cairo-marathon-rain":                 nil,
	// en-atom.xml
	"assistant-market-share-nov":         {"competition"},
	"deepseek-v4-release":                {"model-release", "competition", "geopolitics"},
	"gulf-sovereign-ai-strategies":       {"geopolitics", "investment"},
	"amazon-capex-150bn":                 {"investment", "compute"},
	"ad-supported-ai-assistants":         {"monetization", "product"},
	"eu-ai-act-first-probe":              {"regulation"},
	"microsoft-ai-reorganisation":        {"talent"},
	"apple-intelligence-billion-devices": {"product"},
	"benchmark-contamination-study":      {"research"},
	"moonshot-kimi-k3-open-weights":      {"open-source", "geopolitics"},
	"gemini-35-pro-release":              {"model-release"},
	"openai-agent-alignment-audit":       {"safety"},
	// briefs.json
	"nvidia-humain-riyadh-campus": {"compute"},
	"grok-tesla-middle-east":      {"product"},
	"perplexity-telecom-bundle":   {"monetization"},
	"claude-arabic-voice":         {"product"},
}

// signals are a few words per topic and language, taken from the "typical
// signals" column of topics.md and its natural inflections: the vocabulary a
// simple keyword tagger would use. English signals are regular expressions
// matched case-insensitively from a word start; Arabic signals are matched,
// after stripping harakat and tatweel and unifying alef forms, from a word
// start that may carry a proclitic (و ف ب ك ل, ال, لل).
var signals = map[string]struct{ en, ar []string }{
	"open-source": {
		en: []string{`open[- ]source`, `open-weight`, `open weights`, `weights`, `licen[cs]e`, `proprietary`, `closed model`},
		ar: []string{"المصدر المفتوح", "مفتوح المصدر", "مغلق المصدر", "أوزان", "ترخيص", "النماذج المفتوحة"},
	},
	"monetization": {
		en: []string{`revenue`, `pricing`, `prices?\b`, `subscription`, `paid tier`, `ads\b`, `advertising`, `profit`},
		ar: []string{"إيرادات", "اشتراك", "تسعير", "إعلانات", "الإعلانية", "ربحية", "عوائد مالية"},
	},
	"investment": {
		en: []string{`funding round`, `valuation`, `invest`, `capex`, `capital spending`, `billion`, `acquisition`},
		ar: []string{"استثمار", "جولة تمويل", "تقييم", "استحواذ", "مليار", "إنفاق"},
	},
	"compute": {
		en: []string{`gpus?\b`, `data cent(er|re)s?\b`, `chips?\b`, `h100`, `power\b`, `accelerators?\b`},
		ar: []string{"مراكز البيانات", "مركز بيانات", "رقائق", "وحدات معالجة الرسومات", "طاقة", "حوسبة", "غيغاواط"},
	},
	"model-release": {
		en: []string{`launch`, `release`, `delay`, `benchmark`, `outperform`},
		ar: []string{"إطلاق", "أطلقت", "تطلق", "أجلت", "تؤجل", "تأجيل", "أداء", "قدرات النموذج"},
	},
	"research": {
		en: []string{`paper`, `researchers?\b`, `study\b`, `arxiv`},
		ar: []string{"بحث", "باحث", "دراسة", "ورقة بحثية"},
	},
	"product": {
		en: []string{`assistants?\b`, `apps?\b`, `users?\b`, `products?\b`},
		ar: []string{"منتجات", "المساعد", "مساعد", "تطبيق", "مستخدم", "التسويق التجاري"},
	},
	"talent": {
		en: []string{`hire`, `hiring`, `poach`, `new lab`, `reorgani[sz]`, `ceo\b`, `departure`, `resign`},
		ar: []string{"مختبر جديد", "توظيف", "استقالة", "هيكلة", "المدير التنفيذي", "الرئيس التنفيذي", "مغادرة"},
	},
	"safety": {
		en: []string{`safety`, `responsible`, `risks?\b`, `alignment`, `misuse`},
		ar: []string{"السلامة", "غير مسؤول", "مسؤولية", "مخاطر", "أخلاقيات", "إساءة استخدام", "إساءة الاستخدام"},
	},
	"regulation": {
		en: []string{`regulat`, `ai act`, `lawsuits?\b`, `copyright`, `polic(y|ies)\b`, `laws?\b`},
		ar: []string{"تنظيم", "قانون", "دعوى", "دعاوى", "حقوق النشر", "سياسة", "الجهات التنظيمية"},
	},
	"geopolitics": {
		en: []string{`china\b`, `chinese`, `export controls?\b`, `national strateg`, `sovereign`},
		ar: []string{"الصين", "صيني", "ضوابط التصدير", "النفوذ العالمي", "القدرات المحلية", "السيادي", "استراتيجية وطنية"},
	},
	"competition": {
		en: []string{`rivals?\b`, `competitors?\b`, `competing`, `market share`, `leads?\b`, `behind\b`},
		ar: []string{"منافس", "متأخر", "هيمنة", "السوق", "حصة", "حصص"},
	},
}

// normalizeArabic strips harakat (U+064B–U+0652, U+0670) and tatweel
// (U+0640) and writes every alef with hamza or madda as a bare alef.
func normalizeArabic(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x064B && r <= 0x0652, r == 0x0670, r == 0x0640:
			return -1
		case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
			return 'ا'
		}
		return r
	}, s)
}

// matcher finds which signals of which topics fire in a text.
type matcher struct {
	en, ar map[string][]*regexp.Regexp
}

func newMatcher(t *testing.T) *matcher {
	t.Helper()
	m := &matcher{en: map[string][]*regexp.Regexp{}, ar: map[string][]*regexp.Regexp{}}
	for topic, s := range signals {
		for _, p := range s.en {
			m.en[topic] = append(m.en[topic], regexp.MustCompile(`(?i)\b`+p))
		}
		for _, w := range s.ar {
			re := `(?:^|[^\p{L}])(?:[وفبكل]|ال|لل|وال|بال|فال)?` + regexp.QuoteMeta(normalizeArabic(w))
			m.ar[topic] = append(m.ar[topic], regexp.MustCompile(re))
		}
	}
	return m
}

// fired returns the topics with at least one signal in text (of language
// lang, "ar" or "en"), each with the first signal that fired.
func (m *matcher) fired(text, lang string) map[string]string {
	res, norm := m.en, text
	if lang == "ar" {
		res, norm = m.ar, normalizeArabic(text)
	}
	out := map[string]string{}
	for topic, rs := range res {
		for _, re := range rs {
			if loc := re.FindString(norm); loc != "" {
				out[topic] = strings.TrimSpace(loc)
				break
			}
		}
	}
	return out
}

func TestSignalsCoverTaxonomy(t *testing.T) {
	for _, slug := range topicSlugs {
		s, ok := signals[slug]
		if !ok || len(s.en) == 0 || len(s.ar) == 0 {
			t.Errorf("topic %s has no signals in one of the languages", slug)
		}
	}
	if len(signals) != len(topicSlugs) {
		t.Errorf("signals has %d topics, the taxonomy %d", len(signals), len(topicSlugs))
	}
}

// TestTopicCoverage checks the sample text against the intent table: every
// item is labelled, every intended topic is backed by at least one signal
// word in that item's own text, off-topic items carry no signal at all, and
// every topic of the taxonomy is covered by at least one Arabic and one
// English item.
func TestTopicCoverage(t *testing.T) {
	m := newMatcher(t)
	covered := map[string]map[string][]string{} // topic → lang → slugs
	seen := map[string]bool{}
	for _, it := range allItems(t) {
		topics, ok := intent[it.slug]
		if !ok {
			t.Errorf("%s: item %q is missing from the intent table", it.file, it.slug)
			continue
		}
		seen[it.slug] = true
		fired := m.fired(it.text, it.lang)
		if topics == nil {
			if len(fired) > 0 {
				t.Errorf("%s: off-topic item %q contains topic signals %v", it.file, it.slug, fired)
			}
			continue
		}
		for _, topic := range topics {
			if !slices.Contains(topicSlugs, topic) {
				t.Errorf("%s: %q labelled with unknown topic %q", it.file, it.slug, topic)
				continue
			}
			if _, ok := fired[topic]; !ok {
				t.Errorf("%s: %q is meant to be about %s but none of its signals occur in it", it.file, it.slug, topic)
				continue
			}
			if covered[topic] == nil {
				covered[topic] = map[string][]string{}
			}
			covered[topic][it.lang] = append(covered[topic][it.lang], it.slug)
		}
	}
	for slug := range intent {
		if !seen[slug] {
			t.Errorf("intent table names %q, which no feed contains", slug)
		}
	}
	for _, topic := range topicSlugs {
		for _, lang := range []string{"ar", "en"} {
			if len(covered[topic][lang]) == 0 {
				t.Errorf("topic %s: no %s item covers it", topic, lang)
			}
		}
	}
	offTopic := map[string]int{}
	for _, it := range allItems(t) {
		if topics, ok := intent[it.slug]; ok && topics == nil {
			offTopic[it.lang]++
		}
	}
	if offTopic["ar"] == 0 || offTopic["en"] == 0 {
		t.Errorf("off-topic items per language %v: want at least one in each", offTopic)
	}
}

// entities are the taxonomy's starting list: each must be named in Arabic
// script by some Arabic item and in Latin script by some English item.
var entities = map[string]struct{ en, ar []string }{
	"org:meta":          {[]string{"Meta"}, []string{"ميتا", "فيسبوك"}},
	"org:openai":        {[]string{"OpenAI"}, []string{"أوبن إيه آي", "اوبن ايه اي"}},
	"org:anthropic":     {[]string{"Anthropic"}, []string{"أنثروبيك"}},
	"org:google":        {[]string{"Google", "DeepMind", "Alphabet"}, []string{"جوجل", "غوغل", "ديب مايند"}},
	"org:xai":           {[]string{"xAI"}, []string{"إكس إيه آي"}},
	"org:microsoft":     {[]string{"Microsoft"}, []string{"مايكروسوفت"}},
	"org:nvidia":        {[]string{"Nvidia"}, []string{"إنفيديا", "انفيديا"}},
	"org:amazon":        {[]string{"Amazon", "AWS"}, []string{"أمازون"}},
	"org:apple":         {[]string{"Apple"}, []string{"آبل", "أبل"}},
	"org:deepseek":      {[]string{"DeepSeek"}, []string{"ديب سيك"}},
	"org:moonshot":      {[]string{"Moonshot"}, []string{"مونشوت"}},
	"org:mistral":       {[]string{"Mistral"}, []string{"ميسترال"}},
	"org:alibaba":       {[]string{"Alibaba", "Qwen"}, []string{"علي بابا"}},
	"model:llama":       {[]string{"Llama"}, []string{"لاما"}},
	"model:behemoth":    {[]string{"Behemoth"}, []string{"بيهيموث"}},
	"model:gpt":         {[]string{"GPT-5", "ChatGPT"}, []string{"شات جي بي تي"}},
	"model:claude":      {[]string{"Claude"}, []string{"كلود"}},
	"model:gemini":      {[]string{"Gemini"}, []string{"جيميناي", "جيمني"}},
	"model:grok":        {[]string{"Grok"}, []string{"غروك"}},
	"person:zuckerberg": {[]string{"Zuckerberg"}, []string{"زوكربيرغ", "زوكربيرج"}},
	"person:altman":     {[]string{"Altman"}, []string{"ألتمان", "التمان"}},
	"person:musk":       {[]string{"Musk"}, []string{"إيلون ماسك", "ماسك"}},
}

func TestEntityCoverage(t *testing.T) {
	items := allItems(t)
	for slug, e := range entities {
		var enRes, arRes []*regexp.Regexp
		for _, a := range e.en {
			enRes = append(enRes, regexp.MustCompile(`\b`+regexp.QuoteMeta(a)+`\b`))
		}
		for _, a := range e.ar {
			arRes = append(arRes, regexp.MustCompile(`(?:^|[^\p{L}])(?:[وفبكل]|ال|لل)?`+regexp.QuoteMeta(normalizeArabic(a))+`(?:$|[^\p{L}])`))
		}
		found := map[string]bool{}
		for _, it := range items {
			res, text := enRes, it.text
			if it.lang == "ar" {
				res, text = arRes, normalizeArabic(it.text)
			}
			for _, re := range res {
				if re.MatchString(text) {
					found[it.lang] = true
				}
			}
		}
		if !found["ar"] || !found["en"] {
			t.Errorf("%s: named in Arabic items: %v, in English items: %v; want both", slug, found["ar"], found["en"])
		}
	}
}
