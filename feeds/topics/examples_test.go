package topics

import (
	"slices"
	"testing"
)

// TestTopicExamples tags short articles written for this test, one or two
// per topic and language, phrased the way AI-industry news usually is but
// not taken from the evaluation corpus, and checks the main topic.
func TestTopicExamples(t *testing.T) {
	tests := []struct {
		title, body string
		want        []string // topics that must be present
		not         []string // topics that must be absent
	}{
		{
			"شركة صينية تطرح نموذجها مفتوح المصدر على منصة هاجينغ فيس",
			"أتاحت الشركة أوزان النموذج للمطورين مجانًا بموجب ترخيص أباتشي 2.0، في خطوة تعزز النماذج المفتوحة أمام النماذج المغلقة للشركات الأمريكية.",
			[]string{"open-source"}, []string{"talent"},
		},
		{
			"Lab keeps its newest model closed, reversing open-weight pledge",
			"The AI lab said it would not release the weights of its next model, ending a run of open-source releases. Critics said proprietary models slow research.",
			[]string{"open-source"}, nil,
		},
		{
			"أوبن إيه آي ترفع سعر الاشتراك المدفوع",
			"قررت الشركة رفع سعر الاشتراك الشهري في خدمة الذكاء الاصطناعي إلى 30 دولارا، سعيا لزيادة الإيرادات وتحقيق الربحية بعد خسائر تشغيلية كبيرة.",
			[]string{"monetization"}, []string{"investment"},
		},
		{
			"Chatbot maker tests ads to grow revenue",
			"The company will show ads to free users and expects advertising to become a second revenue stream next to subscriptions as it chases profitability.",
			[]string{"monetization"}, nil,
		},
		{
			"شركة ناشئة للذكاء الاصطناعي تجمع 500 مليون دولار",
			"أغلقت الشركة جولة تمويل من الفئة ب بقيادة صندوق استثماري، ما رفع تقييمها إلى أربعة مليارات دولار، وستستثمر المبلغ في توسيع فرقها.",
			[]string{"investment"}, []string{"monetization"},
		},
		{
			"Tech giants lift AI capital spending again",
			"Microsoft, Alphabet and Meta told investors their capital expenditures will rise, with billions going to data centers; shares fell on fears of an AI bubble.",
			[]string{"investment"}, nil,
		},
		{
			"بناء مركز بيانات عملاق بقدرة جيجاواط",
			"تعتزم الشركة تشغيل مئات الآلاف من وحدات معالجة الرسومات في مركز البيانات الجديد، مع محطة طاقة مخصصة لتلبية الطلب على الكهرباء.",
			[]string{"compute"}, nil,
		},
		{
			"Shortage of GPUs delays training runs",
			"Cloud providers say demand for Nvidia H100 and Blackwell accelerators still outstrips supply, and power grid limits slow new data centre builds.",
			[]string{"compute"}, nil,
		},
		{
			"جوجل تطلق جيميناي 3 بقدرات استدلال متقدمة",
			"كشفت جوجل عن نموذجها الجديد الذي يتفوق على منافسيه في اختبارات الأداء المعيارية، مع نافذة سياق تصل إلى مليون رمز.",
			[]string{"model-release"}, nil,
		},
		{
			"Anthropic delays its next flagship model",
			"The company postponed the launch to improve reasoning; the new model beats the previous version on coding benchmarks such as SWE-bench.",
			[]string{"model-release"}, nil,
		},
		{
			"دراسة: النماذج اللغوية تخطئ في المسائل الرياضية الطويلة",
			"نشر باحثون من جامعة ستانفورد ورقة بحثية على منصة arXiv تختبر قدرة النماذج على الاستدلال، وخلصت الدراسة إلى أن الأداء يتراجع مع طول المسألة.",
			[]string{"research"}, nil,
		},
		{
			"Researchers find reasoning models overthink simple puzzles",
			"In a new paper, scientists at the lab tested a dozen models and found accuracy collapses beyond a certain complexity; the study will appear at NeurIPS.",
			[]string{"research"}, nil,
		},
		{
			"مساعد ذكي جديد في تطبيق المراسلة",
			"أضافت الشركة مساعدا ذكيا إلى تطبيقها يتيح للمستخدمين تلخيص المحادثات، وأصبحت الميزة الجديدة متاحة لجميع المستخدمين على أندرويد وآيفون.",
			[]string{"product"}, nil,
		},
		{
			"ChatGPT adds shopping to its app",
			"OpenAI rolled out a shopping feature in the ChatGPT app; users can compare products and buy without leaving the chatbot, and the assistant now has 700 million weekly active users.",
			[]string{"product"}, nil,
		},
		{
			"استقالة كبير العلماء في مختبر ذكاء اصطناعي",
			"أعلن كبير العلماء استقالته من الشركة بعد خلاف مع مجلس الإدارة، فيما انضم ثلاثة باحثين إلى شركة منافسة ضمن حملة لاستقطاب المواهب.",
			[]string{"talent"}, nil,
		},
		{
			"Meta poaches top researchers for new superintelligence lab",
			"Meta hired a dozen researchers from rival labs with pay packages worth millions, as the company reorganizes its AI teams under a new chief scientist.",
			[]string{"talent"}, nil,
		},
		{
			"مخاوف من سلوك النماذج: اختبارات تكشف الخداع",
			"حذر خبراء السلامة من أن نماذج الذكاء الاصطناعي قد تلجأ إلى الخداع، ودعوا إلى ضوابط تمنع إساءة الاستخدام وتضمن مواءمة الأنظمة مع القيم الإنسانية.",
			[]string{"safety"}, nil,
		},
		{
			"Safety researchers warn about jailbreaks",
			"A red team found the chatbot could be jailbroken to give harmful advice; the lab said it would add guardrails and publish its alignment evaluations.",
			[]string{"safety"}, nil,
		},
		{
			"البرلمان يقر قانونا لتنظيم الذكاء الاصطناعي",
			"أقر البرلمان مشروع قانون يفرض على الشركات الإفصاح عن بيانات التدريب، ويمنح هيئة حماية البيانات صلاحية فرض غرامات على المخالفين.",
			[]string{"regulation"}, nil,
		},
		{
			"Authors sue AI company over copyright",
			"A group of writers filed a class action lawsuit claiming the model was trained on pirated books; a federal judge will rule on fair use.",
			[]string{"regulation"}, nil,
		},
		{
			"واشنطن تشدد قيود تصدير الرقائق إلى الصين",
			"وسعت الإدارة الأمريكية ضوابط التصدير لتشمل رقائق الذكاء الاصطناعي المتقدمة، في إطار الحرب التكنولوجية بين الولايات المتحدة والصين، فيما تسعى بكين إلى الاكتفاء الذاتي.",
			[]string{"geopolitics"}, nil,
		},
		{
			"Gulf states bet on sovereign AI",
			"Saudi Arabia and the UAE are building national AI champions and sovereign compute, part of a national strategy to reduce dependence on US and Chinese technology.",
			[]string{"geopolitics"}, nil,
		},
		{
			"سباق محتدم بين مختبرات الذكاء الاصطناعي على صدارة السوق",
			"تسعى الشركات المنافسة إلى اللحاق بالشركة الرائدة التي تستحوذ على الحصة السوقية الأكبر، بينما تتراجع شركات أخرى إلى مراتب متأخرة.",
			[]string{"competition"}, nil,
		},
		{
			"Google and OpenAI battle for chatbot market share",
			"Rivals are racing to catch up with the market leader as competition intensifies; analysts say the smaller labs are falling behind.",
			[]string{"competition"}, nil,
		},
		{
			"إنفيديا تتجاوز توقعات المحللين بإيرادات قياسية",
			"أعلنت إنفيديا نتائج الربع الثالث، إذ بلغت إيراداتها 57 مليار دولار بدعم من الطلب على رقائق مراكز البيانات، وارتفع صافي الربح بنسبة 60 في المئة.",
			[]string{"monetization"}, nil,
		},
		{
			"مايكروسوفت تضخ 15 مليار دولار في الإمارات",
			"أعلنت مايكروسوفت أنها ستستثمر 15 مليار دولار في الإمارات حتى 2029 لبناء البنية التحتية للذكاء الاصطناعي.",
			[]string{"investment"}, nil,
		},
		{
			"أمازون تكشف عن شريحة جديدة لتدريب نماذج الذكاء الاصطناعي",
			"كشفت أمازون عن الجيل الثالث من شرائح Trainium التي تقول إنها أسرع بأربع مرات، وتستهلك طاقة أقل في مراكز بياناتها.",
			[]string{"compute"}, nil,
		},
		{
			"رحيل المدير التقني لأوبن إيه آي بعد ست سنوات",
			"أعلنت المديرة التقنية مغادرتها الشركة، في أحدث حلقة من سلسلة استقالات طالت كبار التنفيذيين.",
			[]string{"talent"}, nil,
		},
		{
			"دعوى قضائية ضد شركة ذكاء اصطناعي بعد انتحار مراهق",
			"رفعت عائلة دعوى أمام محكمة في كاليفورنيا تتهم فيها روبوت الدردشة بتشجيع ابنها على إيذاء نفسه، وطالبت بضوابط لحماية القاصرين.",
			[]string{"regulation", "safety"}, nil,
		},
		{
			"Apple's AI chief leaves for Meta",
			"The executive who led Apple's foundation models team is departing to join Meta's superintelligence group, the latest in a string of exits.",
			[]string{"talent"}, nil,
		},
		{
			"Senators push bill to ban AI chip sales to China",
			"A bipartisan group introduced legislation that would bar Nvidia from selling advanced chips to Chinese companies, citing national security.",
			[]string{"regulation", "geopolitics"}, nil,
		},
		{
			"Anthropic study finds models can hide their reasoning",
			"Researchers at Anthropic published a paper showing that models do not always reveal their true reasoning, raising concerns for AI safety monitoring.",
			[]string{"research"}, nil,
		},
		{
			"الطقس: أمطار غزيرة متوقعة نهاية الأسبوع",
			"توقعت هيئة الأرصاد هطول أمطار غزيرة على المناطق الشمالية مع انخفاض في درجات الحرارة.",
			nil, []string{"open-source", "monetization", "investment", "compute", "model-release", "research", "product", "talent", "safety", "regulation", "geopolitics", "competition"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got := names(defaultTagger.Tag(tt.title, tt.body, ""), KindTopic)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s: got %v", w, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("unexpected %s: got %v", n, got)
				}
			}
		})
	}
}
