package topics

import (
	"slices"
	"testing"
)

// morphRules has one topic whose terms are bare Arabic forms, and two
// entities, so that the tests see exactly which word forms a term matches.
const morphRules = `
[settings]
threshold = 3.0

[[topic]]
slug = "t"
  [[topic.terms]]
  weight = 3
  match = ["تقييم", "هيمنة", "سلامة", "تضخ", "يستحوذ", "عقد", "الصيني", "فريق"]

[[entity]]
slug = "org:falcon"
aliases = ["فالكون"]

[[entity]]
slug = "person:altman"
aliases = ["Sam Altman", "سام ألتمان"]

[[entity]]
slug = "person:huang"
aliases = ["Jensen Huang", "جنسن هوانغ"]
`

// TestArabicWordForms checks the forms a bare topic term matches beyond its
// proclitics: attached pronouns (with the teh marbuta restored), the final
// alef of the indefinite accusative and the future prefix س; and what it
// must not match.
func TestArabicWordForms(t *testing.T) {
	tg := testRules(t, morphRules)
	tests := []struct {
		word string
		want bool
	}{
		{"تقييمها", true},   // -ها "its"
		{"وتقييمهم", true},  // conjunction + -هم
		{"هيمنتهما", true},  // teh marbuta written ت before -هما
		{"وسلامتها", true},  // و + ت + -ها
		{"فريقنا", true},    // -نا "our"
		{"ستضخ", true},      // future س + imperfect
		{"سيستحوذ", true},   // future س + imperfect
		{"عقداً", true},     // accusative alef with tanween
		{"عقدا", true},      // accusative alef without the mark
		{"الصينية", false},  // a final ة is not the pronoun ه
		{"تقييمات", false},  // plurals are not suffix forms
		{"سيارة", false},    // س that is not the future prefix
		{"يستحوذون", false}, // verb endings are not removed
	}
	for _, tt := range tests {
		got := slices.Contains(names(tg.Tag("", "قالت الشركة إن "+tt.word+" في الذكاء الاصطناعي", "ar"), KindTopic), "t")
		if got != tt.want {
			t.Errorf("%s: topic fired %v, want %v", tt.word, got, tt.want)
		}
	}
	// Entity spellings never take these forms: names carry no suffixes.
	if tags := tg.Tag("", "قالت فالكونها إن الطلب قوي", "ar"); hasTag(tags, "org:falcon") {
		t.Errorf("a suffixed name was taken for the entity: %v", names(tags, ""))
	}
	if tags := tg.Tag("", "قالت فالكون إن الطلب قوي", "ar"); !hasTag(tags, "org:falcon") {
		t.Errorf("the bare name was not found: %v", names(tags, ""))
	}
}

// TestTwoWordNames checks the misspelt family name after an exact given
// name, and its limits.
func TestTwoWordNames(t *testing.T) {
	tg := testRules(t, morphRules)
	tests := []struct {
		text, slug string
		want       bool
	}{
		{"Sam Alman said the model is ready.", "person:altman", true},           // a letter dropped
		{"Sam Altmann said the model is ready.", "person:altman", true},         // a letter added
		{"Jensen Hoang spoke at the event.", "person:huang", true},              // a letter changed
		{"قال جنسن هوانع إن الطلب قوي", "person:huang", true},                   // a letter changed
		{"sam alman said so in lower case", "person:altman", false},             // a Latin family name needs a capital
		{"Sam Smith sang at the AI summit.", "person:altman", false},            // not one edit away
		{"Sam Alman", "person:altman", true},                                    // alone on a line
		{"Sam\nAlman wrote the report.", "person:altman", false},                // not across a line break
		{"Jensen Huang and Sam Altman met.", "person:altman", true},             // exact spellings still match
		{"Jensen Hua spoke, the short name is no name.", "person:huang", false}, // a family name of four letters or fewer is never guessed
	}
	for _, tt := range tests {
		if got := hasTag(tg.Tag("", tt.text, ""), tt.slug); got != tt.want {
			t.Errorf("%s in %q: got %v, want %v", tt.slug, tt.text, got, tt.want)
		}
	}
}

// TestShareBarsAndTagLines checks the one-line chrome layouts of feed
// excerpts: a share or follow bar, a tag line and a "read also" link line.
// Names in them are not mentions; the same names in a sentence are.
func TestShareBarsAndTagLines(t *testing.T) {
	tests := []struct {
		name, body, slug string
		want             bool
	}{
		{"Arabic share bar", "أطلقت الشركة نموذجا جديدا للذكاء الاصطناعي.\nشارك الخبر: فيسبوك | تويتر | واتساب", "org:meta", false},
		{"English share bar", "The lab released a new AI model.\nShare\nFacebook  Twitter  LinkedIn  Email", "org:meta", false},
		{"follow bar", "The lab released a new AI model.\nFollow us on X, Facebook and Instagram", "org:meta", false},
		{"tag line", "The lab released a new AI model.\nTags: Nvidia, Apple, chips", "org:apple", false},
		{"Arabic tag line", "أطلقت الشركة نموذجا جديدا للذكاء الاصطناعي.\nالوسوم: إنفيديا، أبل", "org:nvidia", false},
		{"networks in a sentence", "The lab released a new AI model.\nMeta owns Facebook, WhatsApp and Instagram.", "org:meta", true},
		{"a line starting with Tags that is a sentence", "The lab released a new AI model.\nTags: the assistant now names Apple as a partner.", "org:apple", true},
		{"share bar one network to a line", "أطلقت الشركة نموذجا جديدا للذكاء الاصطناعي.\nشارك المقال\nفيسبوك\nتويتر\nواتساب", "org:meta", false},
		{"a network named alone on a line", "أطلقت الشركة نموذجا جديدا للذكاء الاصطناعي.\nفيسبوك\nوقالت الشركة إن النموذج متاح للجميع.", "org:meta", true},
		{"Arabic link line", "أطلقت الشركة نموذجا جديدا للذكاء الاصطناعي.\nاقرأ أيضا: ديب سيك تطرح تحديثا جديدا لنموذجها", "org:deepseek", false},
		{"English link line", "The lab released a new AI model.\nRelated: Why Nvidia is betting on Taiwan", "org:nvidia", false},
		{"a line starting with Related that is a sentence", "The lab released a new AI model.\nRelated: the company also named Nvidia as a supplier.", "org:nvidia", true},
	}
	for _, tt := range tests {
		if got := hasTag(defaultTagger.Tag("", tt.body, ""), tt.slug); got != tt.want {
			t.Errorf("%s: %s found %v, want %v", tt.name, tt.slug, got, tt.want)
		}
	}
}
