package topics

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

var defaultTagger = New(DefaultRules())

// names returns the slugs of tags of one kind ("" for all).
func names(tags []Tag, kind string) []string {
	var out []string
	for _, t := range tags {
		if kind == "" || t.Kind == kind {
			out = append(out, t.Name)
		}
	}
	return out
}

func hasTag(tags []Tag, slug string) bool { return slices.Contains(names(tags, ""), slug) }

func TestEntityWordBoundaries(t *testing.T) {
	tests := []struct {
		name, title, body string
		slug              string
		want              bool
	}{
		{"Meta as a word", "", "Meta released new glasses this week.", "org:meta", true},
		{"Meta possessive", "", "The glasses are Meta's second try.", "org:meta", true},
		{"Meta in capitals", "META SHARES JUMP", "", "org:meta", true},
		{"meta inside metadata", "", "The file keeps its metadata and metaverse notes.", "org:meta", false},
		{"lower-case meta is a prefix word", "", "A meta-analysis of forty papers.", "org:meta", false},
		{"meta lower-case word", "", "That joke was very meta.", "org:meta", false},
		{"Apple the company", "", "Apple said its phones will ship in May.", "org:apple", true},
		{"apple the fruit", "", "She ate an apple and a pear.", "org:apple", false},
		{"OpenAI", "", "OpenAI announced a new device.", "org:openai", true},
		{"OpenAI glued to Arabic conjunction", "", "تعاونت الشركة وOpenAI في المشروع", "org:openai", true},
		{"host name is no mention", "", "Read it on deepmind.blog today.", "org:google", false},
		{"file name is no mention", "", "Edit extra-openai-models.yaml first.", "org:openai", false},
		{"xAI exact case", "", "xAI raised money.", "org:xai", true},
		{"XAI means explainable AI", "", "XAI methods explain decisions.", "org:xai", false},
		{"Arabic with proclitics", "", "وقالت لميتا إن العرض انتهى", "org:meta", true},
		{"Arabic with tatweel", "", "أعلنت مـيـتـا عن نظارات", "org:meta", true},
		{"Persian letters", "", "أطلقت مایکروسافت تحديثا", "org:microsoft", true},
		{"version glued to a name", "", "The Qwen3 family is out.", "model:qwen", true},
		{"GPT with version", "", "GPT-4o answers faster.", "model:gpt", true},
		{"gpt-oss is its own model", "", "OpenAI published gpt-oss weights.", "model:gpt", false},
		{"gpt-oss found", "", "OpenAI published gpt-oss weights.", "model:gpt-oss", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tags := defaultTagger.Tag(tt.title, tt.body, "")
			if got := hasTag(tags, tt.slug); got != tt.want {
				t.Errorf("%s in %q: got %v, want %v (tags %v)", tt.slug, tt.title+" | "+tt.body, got, tt.want, names(tags, ""))
			}
		})
	}
}

// TestArabicTraps covers the words that contain or fold to an entity's
// spelling without naming it.
func TestArabicTraps(t *testing.T) {
	tests := []struct {
		name, body, slug string
		want             bool
	}{
		{"silicon contains LeCun", "تتنافس شركات وادي السيليكون على الرقائق", "person:lecun", false},
		{"silicon, other spelling", "شركات وادي السليكون الكبرى", "person:lecun", false},
		{"ليكون is also 'to be'", "عمل الفريق ليكون النموذج أسرع", "person:lecun", false},
		{"LeCun with first name", "قال يان ليكون إن النماذج محدودة", "person:lecun", true},
		{"opposite contains Apple", "وفي المقابل ارتفعت الأسهم", "org:apple", false},
		{"a barrage, not Apple", "تعرضت الشركة لوابل من الانتقادات", "org:apple", false},
		{"camels fold to ابل", "باع الرجل الإبل في السوق", "org:apple", false},
		{"Apple with madda", "أعلنت آبل عن هاتف جديد", "org:apple", true},
		{"Apple with hamza and proclitic", "وأبل تطلق نظارة", "org:apple", true},
		{"dead with tanween is not Meta", "عثر عليه ميتاً في منزله", "org:meta", false},
		{"speech, not Llama", "قال كلاما كثيرا عن الطقس", "model:llama", false},
		{"Llama with context", "أطلقت ميتا نموذج لاما الجديد", "model:llama", true},
		{"Dalai Lama", "زار الدالاي لاما المدينة وتحدث عن الذكاء الاصطناعي", "model:llama", false},
		{"Google Cloud is not Claude", "تستضيف غوغل كلاود النموذج الجديد", "model:claude", false},
		{"Claude from Anthropic", "أطلقت أنثروبيك كلود بقدرات جديدة", "model:claude", true},
		{"Huang needs Nvidia", "قال هوانغ إن المدينة تتوسع", "person:huang", false},
		{"Huang with Nvidia", "قال هوانغ إن إنفيديا ستبني مصنعا", "person:huang", true},
		{"holder, not Musk", "كان الرجل ماسك الباب بيده", "person:musk", false},
		{"Musk with xAI context", "قال ماسك إن إكس إيه آي ستجمع المال", "person:musk", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tags := defaultTagger.Tag("", tt.body, "ar")
			if got := hasTag(tags, tt.slug); got != tt.want {
				t.Errorf("%s in %q: got %v, want %v (tags %v)", tt.slug, tt.body, got, tt.want, names(tags, ""))
			}
		})
	}
}

func TestAmbiguousEnglishNames(t *testing.T) {
	tests := []struct {
		name, body, slug string
		want             bool
	}{
		{"Claude Monet", "The museum shows Claude Monet and his garden.", "model:claude", false},
		{"Claude the chatbot", "Anthropic says Claude now writes longer code.", "model:claude", true},
		{"Gemini without context", "People born under Gemini like travel.", "model:gemini", false},
		{"Gemini with Google", "Google made Gemini faster.", "model:gemini", true},
		{"Facebook as a platform", "He posted the video on Facebook yesterday.", "org:meta", false},
		{"Facebook the company", "Facebook hired two hundred engineers.", "org:meta", true},
		{"Amazon river", "Fires spread in the Amazon rainforest.", "org:amazon", false},
		{"Amazon company", "Amazon will spend more on chips.", "org:amazon", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tags := defaultTagger.Tag("", tt.body, "en")
			if got := hasTag(tags, tt.slug); got != tt.want {
				t.Errorf("%s in %q: got %v, want %v (tags %v)", tt.slug, tt.body, got, tt.want, names(tags, ""))
			}
		})
	}
}

// testRules builds a Tagger from an inline rules file on top of nothing.
func testRules(t *testing.T, src string) *Tagger {
	t.Helper()
	r, err := parseRules("test.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return New(r)
}

const widgetRules = `
[settings]
title_weight = 2.0
threshold = 5.0
repeat_weight = 0.5
max_repeats = 3

[[topic]]
slug = "widgets"
name_en = "Widgets"
name_ar = "أدوات"
  [[topic.terms]]
  weight = 3
  match = ["widget*", "أداة ذكية"]
  [[topic.terms]]
  weight = 1
  match = ["gadget"]
  [[topic.terms]]
  weight = 0
  match = ["widget factory"]
`

func TestTitleWeighsMoreThanBody(t *testing.T) {
	tg := testRules(t, widgetRules)
	// One body mention: 3 < 5.
	if tags := tg.Tag("Monday news", "A widget appeared.", "en"); hasTag(tags, "widgets") {
		t.Errorf("one body mention tagged: %v", tags)
	}
	// The same word in the title: 3×2 = 6 ≥ 5.
	if tags := tg.Tag("A widget appeared", "Monday news.", "en"); !hasTag(tags, "widgets") {
		t.Errorf("title mention not tagged: %v", tags)
	}
}

func TestThresholdAndRepeats(t *testing.T) {
	tg := testRules(t, widgetRules)
	tests := []struct {
		body string
		want bool
	}{
		{"One gadget.", false}, // 1
		{"A gadget, a gadget, a gadget, a gadget, a gadget.", false}, // 1+0.5+0.5, capped at three
		{"Widgets everywhere. More widgets. Widgets again.", true},   // 3+1.5+1.5 = 6
		{"A widget and a gadget and a gadget.", false},               // 3 + 1.5 = 4.5
		{"A widget and a gadget, a gadget and a gadget.", true},      // 3 + 2 = 5
		{"The widget factory and the widget factory.", false},        // blocked by weight 0
		{"هذه أداةٌ ذكيةٌ جديدة، والأداة الذكية الأخرى", false},      // 3+1.5 = 4.5
		{"بالأداة الذكية وللأداة الذكية وأداة ذكية", true},           // 3+1.5+1.5 with proclitics
	}
	for _, tt := range tests {
		if got := hasTag(tg.Tag("", tt.body, ""), "widgets"); got != tt.want {
			t.Errorf("%q: tagged=%v, want %v", tt.body, got, tt.want)
		}
	}
}

func TestPassingWordDoesNotTag(t *testing.T) {
	// A model launch that mentions revenue once is not about monetization.
	body := "The lab released its new reasoning model on Tuesday. The model tops " +
		"the coding benchmarks and has a longer context window. Analysts " +
		"expect revenue to follow, but the company said nothing more."
	tags := defaultTagger.Tag("Lab releases a new reasoning model", body, "en")
	if !hasTag(tags, "model-release") {
		t.Errorf("model-release missing: %v", tags)
	}
	if hasTag(tags, "monetization") {
		t.Errorf("a passing mention of revenue tagged monetization: %v", tags)
	}
}

func TestDomainGate(t *testing.T) {
	// A football report is full of competition words but not about the AI
	// industry.
	body := "فاز الفريق على منافسه في المباراة النهائية وتصدر الدوري بعد منافسة قوية، " +
		"ويتنافس الفريقان على اللقب والصدارة هذا الموسم."
	if tags := defaultTagger.Tag("الفريق يتصدر الدوري", body, "ar"); len(names(tags, KindTopic)) != 0 {
		t.Errorf("sport article got topics: %v", tags)
	}
	// The same words about AI labs pass.
	body2 := "تتنافس شركات الذكاء الاصطناعي على الصدارة، ويشتد التنافس بين المنافسين " +
		"على الحصة السوقية."
	if tags := defaultTagger.Tag("منافسة شرسة بين مختبرات الذكاء الاصطناعي", body2, "ar"); !hasTag(tags, "competition") {
		t.Errorf("AI competition article not tagged: %v", tags)
	}
}

func TestTermsRecorded(t *testing.T) {
	title := "جولة تمويل جديدة لشركة ناشئة في الذكاء الاصطناعي"
	body := "أعلنت الشركة عن جولة تمويل بقيمة 300 مليون دولار، ورفعت الجولة تقييمها " +
		"إلى ثلاثة مليارات دولار بمشاركة مستثمرين من الخليج. وقالت Anthropic إنها لن تشارك."
	tags := defaultTagger.Tag(title, body, "ar")
	var inv, ant *Tag
	for i := range tags {
		switch tags[i].Name {
		case "investment":
			inv = &tags[i]
		case "org:anthropic":
			ant = &tags[i]
		}
	}
	if inv == nil || ant == nil {
		t.Fatalf("missing tags: %v", tags)
	}
	for _, want := range []string{"جولة تمويل", "تقييمها", "مستثمرين"} {
		if !slices.Contains(inv.Terms, want) {
			t.Errorf("investment terms %q lack %q", inv.Terms, want)
		}
	}
	for _, term := range inv.Terms {
		if !strings.Contains(title+body, term) {
			t.Errorf("term %q is not text of the article", term)
		}
	}
	if !slices.Equal(ant.Terms, []string{"Anthropic"}) {
		t.Errorf("entity terms = %q", ant.Terms)
	}
	// Topics come first, entities after, sorted by slug.
	kinds := names(tags, "")
	if tags[0].Kind != KindTopic || tags[len(tags)-1].Kind != KindEntity {
		t.Errorf("order: %v", kinds)
	}
}

func TestChromeIgnored(t *testing.T) {
	body := strings.Join([]string{
		"Nvidia reported record quarterly revenue as data center sales grew.",
		"Read also",
		"Apple opens a new store in the city centre today",
		"Trump meets leaders at the summit in the capital",
		"The company expects more growth next quarter, its chief said.",
	}, "\n")
	tags := defaultTagger.Tag("Nvidia revenue climbs", body, "en")
	if hasTag(tags, "org:apple") || hasTag(tags, "person:trump") {
		t.Errorf("entities from a read-also block: %v", names(tags, ""))
	}
	if !hasTag(tags, "org:nvidia") {
		t.Errorf("article entity lost: %v", names(tags, ""))
	}
	// A block of site headlines before the article.
	lines := []string{
		"Markets close higher on Friday",
		"Trump signs a new budget bill",
		"Storm expected over the coast tonight",
		"Local team wins the cup final",
		"City council approves new park plans",
		"Anthropic released a new Claude model with a longer context window.",
	}
	tags = defaultTagger.Tag("Anthropic releases a model", strings.Join(lines, "\n"), "en")
	if hasTag(tags, "person:trump") {
		t.Errorf("entity from a headline block: %v", names(tags, ""))
	}
	if !hasTag(tags, "org:anthropic") {
		t.Errorf("article entity lost: %v", names(tags, ""))
	}
}

func TestTopicsAndEntityNames(t *testing.T) {
	want := []string{"open-source", "monetization", "investment", "compute", "model-release",
		"research", "product", "talent", "safety", "regulation", "geopolitics", "competition"}
	var got []string
	for _, tp := range defaultTagger.Topics() {
		got = append(got, tp.Slug)
		if tp.NameEN == "" || tp.NameAR == "" {
			t.Errorf("topic %s lacks a name: %+v", tp.Slug, tp)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Topics() = %v, want %v", got, want)
	}
	if e, ok := defaultTagger.Entity("org:meta"); !ok || e.NameEN != "Meta" || e.NameAR != "ميتا" {
		t.Errorf("Entity(org:meta) = %+v, %v", e, ok)
	}
	if _, ok := defaultTagger.Entity("org:nonesuch"); ok {
		t.Error("unknown entity found")
	}
}

// TestDefaultEntities checks the built-in list against topics.md and the
// labelling README: every slug they name exists, and the list is about a
// hundred entities.
func TestDefaultEntities(t *testing.T) {
	slugs := []string{
		"org:meta", "org:openai", "org:anthropic", "org:google", "org:xai", "org:microsoft",
		"org:nvidia", "org:amazon", "org:apple", "org:deepseek", "org:moonshot", "org:mistral",
		"org:alibaba", "model:llama", "model:behemoth", "model:gpt", "model:claude",
		"model:gemini", "model:grok", "person:zuckerberg", "person:altman", "person:musk",
		"model:gpt-oss", "model:kimi", "model:qwen", "org:amd", "org:baidu", "org:bytedance",
		"org:g42", "org:huawei", "org:huggingface", "org:humain", "org:oracle", "org:osi",
		"org:samsung", "org:scale-ai", "org:sensetime", "org:softbank", "org:ssi",
		"org:tencent", "org:thinking-machines", "org:zhipu", "person:alexandr-wang",
		"person:amodei", "person:brockman", "person:hassabis", "person:huang", "person:ive",
		"person:lecun", "person:murati", "person:sutskever", "person:trump",
	}
	for _, s := range slugs {
		if _, ok := defaultTagger.Entity(s); !ok {
			t.Errorf("built-in rules lack %s", s)
		}
	}
	if n := len(defaultTagger.entities); n < 95 {
		t.Errorf("%d built-in entities, want about a hundred", n)
	}
}

func TestConcurrentTagging(t *testing.T) {
	body := "أعلنت OpenAI عن جولة تمويل جديدة بقيمة 40 مليار دولار لبناء مراكز البيانات."
	want := names(defaultTagger.Tag("تمويل ضخم", body, "ar"), "")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if got := names(defaultTagger.Tag("تمويل ضخم", body, "ar"), ""); !slices.Equal(got, want) {
					t.Errorf("concurrent result %v, want %v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEmptyArticle(t *testing.T) {
	if tags := defaultTagger.Tag("", "", ""); tags != nil {
		t.Errorf("empty article tagged: %v", tags)
	}
}

func TestFuzzyNames(t *testing.T) {
	tests := []struct {
		body, slug string
		want       bool
	}{
		{"قال سوتسكفير إن الفريق جاهز", "person:sutskever", true},              // letters swapped
		{"أعلنت مايكروسفوت عن تحديث", "org:microsoft", true},                   // misspelt
		{"Mark Zuckerburg said the lab will grow.", "person:zuckerberg", true}, // one letter changed
		{"mark zuckerburg in lower case", "person:zuckerberg", false},          // Latin needs a capital
		{"The cerebral cortex is studied.", "org:cerebras", false},             // short names are never fuzzy
		{"اجتمعت الدول الثمان في القمة", "person:altman", false},
		{"شركة سامسون للتجارة", "org:samsung", false},
	}
	for _, tt := range tests {
		if got := hasTag(defaultTagger.Tag("", tt.body, ""), tt.slug); got != tt.want {
			t.Errorf("%s in %q: got %v, want %v", tt.slug, tt.body, got, tt.want)
		}
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"abcd", "abcd", true}, {"abcd", "abdc", true}, {"abcd", "abd", true}, {"abcd", "xabcd", true},
		{"abcd", "abxd", true}, {"abcd", "badc", false}, {"abcd", "ab", false}, {"سوتسكيفر", "سوتسكفير", true},
	} {
		if got := osaWithin1(c.a, c.b); got != c.want {
			t.Errorf("osaWithin1(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
