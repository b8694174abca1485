package devdata

import (
	"math/rand/v2"
	"strings"
)

// The head of each vocabulary: real words, roughly in falling frequency
// (function words first, then the industry's vocabulary and names). The
// tail is made of pronounceable invented words, so that rare terms exist
// without repeating the head.
var englishHead = strings.Fields(`
the of and to a in for is on that with as by at from it its an be are was has have will this
their more new than not but or after about over into which also can said could would up out
they one two its year last first other most all been were more some only when while because
AI model models data company companies training compute GPU chips cloud revenue startup funding
investors open source weights release launch regulators regulation government law policy safety
research researchers lab billion million deal partnership agents inference benchmark tokens
reasoning language large parameters dataset license OpenAI Anthropic Meta Google Microsoft Nvidia
Mistral DeepSeek Alibaba Qwen Llama Gemini Claude GPT xAI Amazon Apple TSMC Grok Altman
Zuckerberg chatbot assistant users developers enterprise pricing subscription market rivals
competition export controls China Europe Washington lawsuit copyright court security risk
alignment evaluation capabilities performance hardware accelerator datacenter power energy
supply demand investment valuation round acquisition hiring engineers executive strategy
product platform app API service customers contract sovereign national report analysts
quarter earnings profit loss spending capex infrastructure network servers memory bandwidth
frontier multimodal video image speech code coding software tools search browser device phone
`)

var arabicHead = strings.Fields(`
في من على إلى أن التي الذي عن مع هذا هذه كان قال بين بعد قبل كما أو لم حيث عام خلال
الذكاء الاصطناعي شركة الشركة نموذج النموذج نماذج البيانات الحوسبة الرقائق المعالجات الحكومة
التنظيم القانون الاستثمار مليار مليون دولار المصدر المفتوح مفتوح إطلاق أطلقت تطلق الأمن السلامة
البحث الباحثين مختبر التدريب الاستدلال السحابة الإيرادات الأرباح الشراكة صفقة ميتا جوجل
مايكروسوفت إنفيديا أنثروبيك كلود جيميناي لاما مراكز الطاقة المنافسة السوق الصين أوروبا واشنطن
التصدير الدعوى حقوق النشر المخاطر الأخلاقيات المستخدمين المطورين التطبيق المساعد الاشتراك
التسعير الإعلانات الربحية التقييم الاستحواذ التوظيف المدير التنفيذي الاستراتيجية المنتجات
المنصة الخدمة العملاء العقد الوطنية تقرير المحللين الربع الأرباح الإنفاق البنية التحتية الشبكة
الخوادم الذاكرة النطاق المتقدمة الفيديو الصور الكلام البرمجة البرمجيات الأدوات البحثية الهاتف
كتاب الكتاب مكتبة أحمد محمد علي سارة خالد يوسف
`)

// buildEnglish returns n English-looking words: the head, then invented
// words from syllables, all distinct.
func buildEnglish(r *rand.Rand, n int) []string {
	on := strings.Fields("b br c ch cr d dr f fl g gr h j k l m n p pr qu r s sh st t tr v w z")
	nu := strings.Fields("a e i o u ai ea io ou")
	co := strings.Fields("n r l s t x m nd rk ll st")
	return build(englishHead, n, func() string {
		var b strings.Builder
		syl := 2 + r.IntN(2)
		for i := 0; i < syl; i++ {
			b.WriteString(on[r.IntN(len(on))])
			b.WriteString(nu[r.IntN(len(nu))])
		}
		b.WriteString(co[r.IntN(len(co))])
		return b.String()
	})
}

// buildArabic returns n Arabic words: the head, then words made by putting
// random triliteral roots into common derivation patterns (فاعل، مفعول،
// تفعيل، استفعال …), some with the article ال.
func buildArabic(r *rand.Rand, n int) []string {
	letters := []rune("بتثجحخدذرزسشصضطظعغفقكلمنهوي")
	patterns := []string{"1ا23", "م12و3", "ت12ي3", "است12ا3", "1ا2ي3", "م1ا23", "1و2ا3", "ا12ا3", "1ي23", "م12ا3", "1ا23ة", "م12ا3ات"}
	return build(arabicHead, n, func() string {
		root := []rune{letters[r.IntN(len(letters))], letters[r.IntN(len(letters))], letters[r.IntN(len(letters))]}
		p := patterns[r.IntN(len(patterns))]
		var b strings.Builder
		if r.IntN(3) == 0 {
			b.WriteString("ال")
		}
		for _, c := range p {
			switch c {
			case '1', '2', '3':
				b.WriteRune(root[c-'1'])
			default:
				b.WriteRune(c)
			}
		}
		return b.String()
	})
}

func build(head []string, n int, invent func() string) []string {
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for _, w := range head {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for len(out) < n {
		w := invent()
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
