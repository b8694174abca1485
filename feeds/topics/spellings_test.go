package topics

import (
	"testing"
)

// TestEntitySpellings checks that every built-in entity is found from the
// spellings the press really uses, in both scripts: the canonical name, the
// Arabic transliterations with their usual variations (ج/غ/ق for G, ت/ط,
// with or without hamza, ى for final ي, Persian letters, split or joined
// words), names glued to Arabic proclitics (و ب ل ال), and typical
// misspellings of long names. Each case is one sentence of the kind a
// news excerpt carries.
func TestEntitySpellings(t *testing.T) {
	tests := []struct {
		slug string
		text []string
	}{
		// AI labs
		{"org:openai", []string{"OpenAI said the model is ready.", "أعلنت أوبن إيه آي عن نموذج جديد", "قالت شركة اوبن ايه اي إن", "وتعمل أوبن أيه آي على جهاز", "تحدث مدير لأوبن إيه آي عن الخطة", "وقالت أوبن آي إن التحديث متاح", "OpenAI's board met on Friday."}},
		{"org:anthropic", []string{"Anthropic released a new model.", "أطلقت أنثروبيك نموذجا", "قالت انثروبيك إن", "وتعمل أنتروبيك على أدوات", "استثمرت أمازون في أنثروبك", "تقرير من شركة آنثروبيك"}},
		{"org:google", []string{"Google said it will invest.", "أعلنت جوجل عن ميزة", "قالت غوغل إن", "أطلقت قوقل تحديثا", "Alphabet reported earnings.", "أعلنت ألفابت نتائجها", "DeepMind published a paper.", "نشر مختبر ديب مايند دراسة", "وأعلنت جوجل ديب مايند نموذجا", "وقالت غوغل ديب مايند إن"}},
		{"org:xai", []string{"xAI raised more money.", "جمعت إكس إيه آي أموالا", "قالت شركة اكس ايه اي إن", "أعلنت إكس أيه آي عن نموذج"}},
		{"org:microsoft", []string{"Microsoft signed a deal.", "وقعت مايكروسوفت اتفاقا", "أعلنت ميكروسوفت عن ميزة", "قالت مايكروسفت إن", "أطلقت مایکروسافت تحديثا", "وأكدت لمايكروسوفت مصادر"}},
		{"org:meta", []string{"Meta opened a new lab.", "أعلنت ميتا عن نظارات", "قالت ميتـا إن", "أطلقت شركة ميتا بلاتفورمز نموذجا", "Meta Platforms shares rose.", "قالت شركة فيسبوك إن الموظفين", "Facebook hired engineers."}},
		{"org:nvidia", []string{"Nvidia shipped the chips.", "NVIDIA reported revenue.", "باعت إنفيديا الرقائق", "قالت انفيديا إن", "أعلنت نفيديا نتائجها", "ارتفع سهم إنڤيديا", "قالت نيفيديا إن الطلب قوي", "وأعلنت إنفيدا عن رقاقة"}},
		{"org:amazon", []string{"Amazon will spend more.", "AWS launched a chip.", "أعلنت أمازون عن خدمة", "قالت امازون إن", "تستضيف خدمات أمازون السحابية النموذج", "Amazon Web Services signed a deal."}},
		{"org:apple", []string{"Apple delayed the feature.", "أعلنت آبل عن هاتف", "قالت أبل إن", "وتخطط آبل لإطلاق", "قالت ابل إن هاتف آيفون الجديد يدعم الميزة", "Apple Intelligence arrives in Arabic."}},
		{"org:deepseek", []string{"DeepSeek released R2.", "Deepseek shook the market.", "Deep Seek released a paper.", "أطلقت ديب سيك نموذجا", "أعلنت ديبسيك الصينية", "نشرت شركة ديب سييك ورقة"}},
		{"org:moonshot", []string{"Moonshot AI released Kimi K2.", "أطلقت مونشوت نموذجا", "قالت شركة مون شوت إن"}},
		{"org:mistral", []string{"Mistral AI raised money.", "Mistral released a model.", "أطلقت ميسترال نموذجا", "جمعت مسترال أموالا", "قالت ميسترال إيه آي إن"}},
		{"org:alibaba", []string{"Alibaba cut prices.", "خفضت علي بابا الأسعار", "أعلنت مجموعة عليبابا", "The Qwen team released a model."}},
		{"org:huggingface", []string{"The weights are on Hugging Face.", "نشرت الأوزان على منصة هاغينغ فيس", "متاحة عبر هاجينغ فيس", "Download it from HuggingFace."}},
		{"org:ssi", []string{"Safe Superintelligence raised money.", "SSI, the startup founded by Ilya Sutskever, raised money.", "جمعت سيف سوبر إنتليجنس أموالا"}},
		{"org:thinking-machines", []string{"Thinking Machines Lab raised $2 billion.", "جمعت ثينكنغ ماشينز ملياري دولار", "أطلق مختبر ثينكنغ ماشينز منتجا"}},
		{"org:zhipu", []string{"Zhipu AI released GLM-4.5.", "أطلقت تشيبو نموذجا", "قالت شركة زيبو إيه آي إن"}},
		{"org:baidu", []string{"Baidu released Ernie.", "أعلنت بايدو عن نموذج"}},
		{"org:bytedance", []string{"ByteDance cut prices.", "خفضت بايت دانس الأسعار", "قالت بايتدانس إن"}},
		{"org:tencent", []string{"Tencent released Hunyuan.", "أطلقت تينسنت نموذجا", "قالت تنسنت إن"}},
		{"org:sensetime", []string{"SenseTime shares fell.", "أعلنت سينس تايم عن نموذج"}},
		{"org:minimax", []string{"MiniMax released a model.", "أطلقت ميني ماكس نموذجا"}},
		{"org:iflytek", []string{"iFlytek reported revenue.", "أعلنت آي فلاي تك عن نموذج"}},
		{"org:xiaomi", []string{"Xiaomi built a model.", "أطلقت شاومي نموذجا", "قالت شياومي إن"}},
		{"org:cohere", []string{"Cohere raised money.", "جمعت كوهير أموالا"}},
		{"org:perplexity", []string{"Perplexity launched a browser.", "أطلقت بيربلكسيتي متصفحا", "قالت بربلكسيتي إن", "عرضت بيربليكسيتي شراء كروم"}},
		{"org:stability-ai", []string{"Stability AI won the case.", "كسبت ستابيليتي إيه آي القضية"}},
		{"org:midjourney", []string{"Midjourney released a video model.", "أطلقت ميدجورني نموذجا للفيديو"}},
		{"org:inflection", []string{"Inflection AI changed course.", "غيرت إنفليكشن مسارها"}},
		{"org:ai21", []string{"AI21 Labs raised money.", "AI21 released Jamba."}},
		{"org:aleph-alpha", []string{"Aleph Alpha changed its strategy."}},
		{"org:sakana", []string{"Sakana AI raised money.", "جمعت ساكانا أموالا"}},
		{"org:scale-ai", []string{"Scale AI sold a stake to Meta.", "باعت سكيل إيه آي حصة", "قالت شركة سكيل إن", "ScaleAI lost customers."}},
		{"org:databricks", []string{"Databricks raised money.", "جمعت داتابريكس أموالا"}},
		{"org:palantir", []string{"Palantir won a contract.", "فازت بالانتير بعقد"}},
		{"org:salesforce", []string{"Salesforce cut jobs.", "ألغت سيلزفورس وظائف"}},
		{"org:ibm", []string{"IBM released Granite.", "أطلقت آي بي إم نموذجا"}},
		{"org:adobe", []string{"Adobe added Firefly features.", "أضافت أدوبي ميزات"}},
		{"org:tesla", []string{"Tesla trains its robots.", "تدرب تسلا روبوتاتها", "قالت تيسلا إن"}},
		{"org:samsung", []string{"Samsung makes memory chips.", "تصنع سامسونغ رقائق الذاكرة", "قالت سامسونج إن", "أعلنت سامسونق عن هاتف"}},
		// chip makers and clouds
		{"org:amd", []string{"AMD launched the MI350.", "أطلقت إيه إم دي رقاقة", "قالت AMD إن", "Advanced Micro Devices reported revenue."}},
		{"org:intel", []string{"Intel cut jobs.", "ألغت إنتل وظائف", "قالت انتل إن"}},
		{"org:tsmc", []string{"TSMC raised capacity.", "رفعت تي إس إم سي الإنتاج", "أعلنت شركة تايوان لصناعة أشباه الموصلات عن مصنع"}},
		{"org:qualcomm", []string{"Qualcomm launched a chip.", "أطلقت كوالكوم رقاقة"}},
		{"org:broadcom", []string{"Broadcom builds custom chips.", "تصمم برودكوم رقائق مخصصة"}},
		{"org:arm", []string{"Arm Holdings reported revenue.", "أعلنت آرم هولدينغز نتائجها"}},
		{"org:micron", []string{"Micron sold out its memory.", "باعت مايكرون كل إنتاجها"}},
		{"org:sk-hynix", []string{"SK Hynix leads in HBM.", "تتصدر إس كيه هاينكس سوق الذاكرة"}},
		{"org:asml", []string{"ASML led the round.", "قادت إيه إس إم إل الجولة"}},
		{"org:cerebras", []string{"Cerebras filed for an IPO.", "قدمت سيريبراس طلب طرح"}},
		{"org:groq", []string{"Groq raised money for inference chips."}},
		{"org:coreweave", []string{"CoreWeave priced its IPO.", "طرحت كور ويف أسهمها"}},
		{"org:oracle", []string{"Oracle signed a cloud deal.", "وقعت أوراكل عقدا", "قالت اوراكل إن"}},
		{"org:huawei", []string{"Huawei released Ascend chips.", "أطلقت هواوي رقائق", "قالت هواوى إن"}},
		{"org:softbank", []string{"SoftBank invested in OpenAI.", "استثمرت سوفت بنك في الشركة", "قالت سوفتبنك إن"}},
		// Gulf players
		{"org:g42", []string{"G42 built a campus.", "بنت جي 42 مجمعا", "قالت مجموعة جي42 إن"}},
		{"org:humain", []string{"Humain bought chips.", "اشترت هيوماين رقائق", "HUMAIN signed a deal."}},
		{"org:mgx", []string{"MGX joined the fund.", "انضمت إم جي إكس إلى الصندوق"}},
		{"org:pif", []string{"The Public Investment Fund backs Humain.", "يدعم صندوق الاستثمارات العامة الشركة", "PIF owns the company."}},
		{"org:sdaia", []string{"SDAIA published a draft law.", "نشرت سدايا مشروع نظام", "أعلنت الهيئة السعودية للبيانات والذكاء الاصطناعي عن مبادرة"}},
		{"org:tii", []string{"The Technology Innovation Institute released Falcon.", "أطلق معهد الابتكار التكنولوجي نموذجا", "TII released a model."}},
		{"org:mbzuai", []string{"MBZUAI released a study.", "أصدرت جامعة محمد بن زايد للذكاء الاصطناعي دراسة"}},
		// standards bodies
		{"org:osi", []string{"The Open Source Initiative criticised the licence.", "انتقدت مبادرة المصدر المفتوح الرخصة", "The OSI published a definition."}},
		{"org:nist", []string{"NIST published a framework.", "نشر المعهد الوطني للمعايير والتقنية إطارا"}},
		{"org:ieee", []string{"IEEE published a standard."}},
		{"org:mlcommons", []string{"MLCommons published MLPerf results."}},
		{"org:linux-foundation", []string{"The Linux Foundation hosts the project.", "تستضيف مؤسسة لينكس المشروع"}},
		{"org:iso", []string{"ISO/IEC 42001 covers AI management."}},
		// models
		{"model:gpt", []string{"ChatGPT has 800 million users.", "GPT-5 is out.", "يستخدم شات جي بي تي ملايين", "أطلقت الشركة تشات جي بي تي", "يعمل شات جيبيتي بالعربية", "النموذج GPT-4o أسرع", "وفي شات GPT ميزة جديدة", "ChatGPT's new mode is live."}},
		{"model:gpt-oss", []string{"OpenAI released gpt-oss-120b.", "The GPT OSS weights are public."}},
		{"model:claude", []string{"Claude Opus 4 writes code.", "Anthropic updated Claude.", "أطلقت أنثروبيك كلود الجديد", "يكتب نموذج كلود الشيفرة", "Claude Code is popular."}},
		{"model:gemini", []string{"Google Gemini got faster.", "Gemini 2.5 Pro tops the leaderboard.", "أطلقت جوجل جيميناي", "يعمل جيمني على الهواتف", "أصبح جيميني متاحا", "أطلقت غوغل نموذج Gemini الجديد"}},
		{"model:gemma", []string{"Gemma 3 runs on one GPU.", "أطلقت جوجل نموذج جيما"}},
		{"model:llama", []string{"Llama 4 was released.", "LLaMA started it.", "أطلقت ميتا لاما 4", "نموذج لاما المفتوح", "Meta's Llama models are open."}},
		{"model:behemoth", []string{"Meta delayed Behemoth.", "أجلت ميتا بيهيموث", "Llama 4 Behemoth is huge."}},
		{"model:grok", []string{"Grok 4 was released.", "أطلقت الشركة غروك", "يعمل جروك على منصة إكس", "Grok answered."}},
		{"model:kimi", []string{"Kimi K2 is open.", "أطلقت مونشوت نموذج كيمي", "Moonshot's Kimi tops the chart."}},
		{"model:qwen", []string{"Qwen3 is out.", "أطلقت علي بابا كيوين", "Qwen 2.5 Max beats rivals.", "أطلقت علي بابا نموذج كوين الجديد"}},
		{"model:sora", []string{"Sora 2 makes video.", "OpenAI's Sora app is popular.", "أطلقت أوبن إيه آي تطبيق سورا للفيديو"}},
		{"model:dall-e", []string{"DALL-E 3 draws images.", "يرسم دال-إي الصور"}},
		{"model:ernie", []string{"ERNIE 4.5 is free.", "Baidu made Ernie free.", "جعلت بايدو إرني مجانيا"}},
		{"model:hunyuan", []string{"Hunyuan makes 3D models.", "أطلقت تينسنت هونيوان"}},
		{"model:doubao", []string{"Doubao is cheap.", "خفضت الشركة سعر دوباو"}},
		{"model:glm", []string{"GLM-4.5 is open.", "ChatGLM has many users."}},
		{"model:jais", []string{"Jais speaks Arabic.", "طورت G42 نموذج جيس"}},
		{"model:falcon", []string{"Falcon 180B was open.", "TII released Falcon 3.", "أطلق معهد الابتكار التكنولوجي نموذج فالكون"}},
		{"model:allam", []string{"ALLaM is a Saudi model."}},
		{"model:stable-diffusion", []string{"Stable Diffusion 3 is out.", "يعمل ستيبل ديفيوجن على الحاسوب"}},
		{"model:phi", []string{"Phi-4 is small.", "أطلقت مايكروسوفت فاي-4"}},
		{"model:deepseek-r1", []string{"DeepSeek-R1 shocked markets.", "DeepSeek V3 is cheap.", "أطلقت الشركة ديب سيك R1"}},
		// people
		{"person:zuckerberg", []string{"Mark Zuckerberg said so.", "قال مارك زوكربيرغ", "قال زوكربيرج إن", "أكد زوكربرغ", "قال زاكربيرج", "Mark Zuckerburg said so.", "صرح زوكيربيرغ"}},
		{"person:altman", []string{"Sam Altman said so.", "قال سام ألتمان", "قال التمان إن", "أكد آلتمان", "قال ألتمن", "Sam Alman said so.", "قال سام آلتمن إن"}},
		{"person:musk", []string{"Elon Musk said so.", "قال إيلون ماسك", "قال ايلون ماسك إن", "Musk said xAI will grow.", "قال ماسك إن تسلا ستبني مصنعا", "قال إلون ماسك"}},
		{"person:trump", []string{"Donald Trump signed the order.", "وقع دونالد ترامب", "قال ترمب إن", "Trump said so."}},
		{"person:huang", []string{"Jensen Huang spoke.", "قال جنسن هوانغ", "قال جينسن هوانج", "قال هوانغ إن إنفيديا ستنمو", "Huang said Nvidia will grow.", "قال جنسن هوانق"}},
		{"person:alexandr-wang", []string{"Alexandr Wang joined Meta.", "انضم ألكسندر وانغ", "انضم ألكساندر وانج", "قال الكسندر وانغ", "Wang, who founded Scale AI, joined."}},
		{"person:amodei", []string{"Dario Amodei wrote an essay.", "كتب داريو أمودي", "قال أمودي إن"}},
		{"person:brockman", []string{"Greg Brockman returned.", "عاد غريغ بروكمان", "قال جريج بروكمان", "قال بروكمن إن"}},
		{"person:hassabis", []string{"Demis Hassabis won a Nobel.", "قال ديميس هاسابيس", "قال هسابيس إن", "قال ديمس هاسابيس"}},
		{"person:ive", []string{"Jony Ive designs the device.", "يصمم جوني آيف الجهاز", "قال جوني إيف"}},
		{"person:lecun", []string{"Yann LeCun left Meta.", "قال يان ليكون", "قال يان لوكون إن", "LeCun said LLMs are limited."}},
		{"person:murati", []string{"Mira Murati raised money.", "جمعت ميرا موراتي أموالا", "قالت موراتي إن أوبن إيه آي", "Murati left OpenAI."}},
		{"person:sutskever", []string{"Ilya Sutskever founded SSI.", "أسس إيليا سوتسكيفر شركة", "قال سوتسكيفر", "قال ساتسكيفر", "قال إيليا سوتسكيف", "قال سوتسكفير"}},
		{"person:leike", []string{"Jan Leike resigned.", "استقال يان لايكي", "استقال يان لايكه"}},
		{"person:nadella", []string{"Satya Nadella spoke.", "قال ساتيا ناديلا", "قال ناديلا إن"}},
		{"person:pichai", []string{"Sundar Pichai spoke.", "قال سوندار بيتشاي", "قال بيتشاي إن"}},
		{"person:cook", []string{"Tim Cook spoke.", "قال تيم كوك"}},
		{"person:bezos", []string{"Jeff Bezos invested.", "استثمر جيف بيزوس", "قال بيزوس"}},
		{"person:jassy", []string{"Andy Jassy wrote a memo.", "كتب آندي جاسي مذكرة"}},
		{"person:lisa-su", []string{"Lisa Su spoke.", "قالت ليزا سو"}},
		{"person:liang-wenfeng", []string{"Liang Wenfeng founded DeepSeek.", "أسس ليانغ وينفنغ الشركة", "قال ليانج وينفنج", "قال ليانغ ون فنغ"}},
		{"person:suleyman", []string{"Mustafa Suleyman leads Microsoft AI.", "قال مصطفى سليمان"}},
		{"person:karpathy", []string{"Andrej Karpathy coined the term.", "قال أندريه كارباثي"}},
		{"person:hinton", []string{"Geoffrey Hinton warned.", "حذر جيفري هينتون", "قال هينتون إن"}},
		{"person:bengio", []string{"Yoshua Bengio warned.", "حذر يوشوا بنجيو", "قال يوشوا بينجيو"}},
		{"person:schmidt", []string{"Eric Schmidt invested.", "قال إريك شميدت"}},
		{"person:masayoshi-son", []string{"Masayoshi Son leads SoftBank.", "قال ماسايوشي سون"}},
		{"person:mensch", []string{"Arthur Mensch leads Mistral.", "قال آرثر مينش"}},
		{"person:srinivas", []string{"Aravind Srinivas leads Perplexity."}},
		{"person:xi", []string{"Xi Jinping met executives.", "التقى شي جين بينغ", "التقى الرئيس شي جينبينغ"}},
	}
	tested := map[string]bool{}
	for _, tt := range tests {
		tested[tt.slug] = true
		if _, ok := defaultTagger.Entity(tt.slug); !ok {
			t.Errorf("%s: not a built-in entity", tt.slug)
			continue
		}
		for _, text := range tt.text {
			if tags := defaultTagger.Tag("", text, ""); !hasTag(tags, tt.slug) {
				t.Errorf("%s not found in %q (tags %v)", tt.slug, text, names(tags, KindEntity))
			}
		}
	}
	for _, e := range defaultTagger.entities {
		if !tested[e.Slug] {
			t.Errorf("%s: no spelling case", e.Slug)
		}
	}
}

// TestEntityTraps lists words and phrases that contain, fold to, or are one
// edit from an entity's spelling without naming it. None may tag it.
func TestEntityTraps(t *testing.T) {
	tests := []struct {
		slug, text string
	}{
		{"person:lecun", "تتنافس شركات وادي السيليكون على المواهب"},
		{"person:lecun", "ارتفعت أسعار السليكون المستخدم في الرقائق"},
		{"org:apple", "وفي المقابل تراجعت الأسهم"},
		{"org:apple", "يربي المزارعون الإبل في الصحراء"},
		{"org:apple", "She ate an apple during the keynote on AI."},
		{"org:meta", "عثر عليه ميتاً في منزله"},
		{"org:meta", "The metadata of every file is kept."},
		{"org:meta", "A meta-analysis of AI studies."},
		{"org:meta", "أطلقت الشركة نموذجا جديدا للذكاء الاصطناعي.\nشارك: فيسبوك | تويتر | واتساب | تيليجرام"},
		{"org:meta", "The startup released a new AI model.\nShare this article\nTwitter  Facebook  LinkedIn  Email"},
		{"org:meta", "تابعونا على فيسبوك للمزيد من أخبار الذكاء الاصطناعي"},
		{"model:llama", "قال كلاما كثيرا عن الذكاء الاصطناعي"},
		{"model:llama", "زار الدالاي لاما المدينة"},
		{"model:llama", "وضعت الشركة علامات على المحتوى المولد"},
		{"model:claude", "The museum shows Claude Monet next to an AI exhibit."},
		{"model:claude", "تستضيف غوغل كلاود النموذج الجديد"},
		{"model:gemini", "People born under Gemini like travel."},
		{"org:amazon", "Fires spread in the Amazon rainforest."},
		{"org:tesla", "Nikola Tesla imagined wireless power."},
		{"org:google", "Read the story on deepmind.blog today."},
		{"org:xai", "كتب ألتمان في منشور على منصة إكس"},
		{"org:xai", "XAI methods explain a model's decisions."},
		{"person:musk", "ارتدى الطبيب ماسك الوجه"},
		{"person:alexandr-wang", "Interim CEO Jeff Wang will run the company."},
		{"person:alexandr-wang", "تولى جيف وانغ منصب الرئيس التنفيذي المؤقت"},
		{"person:trump", "That was his trump card in the AI talks."},
		{"org:oracle", "The oracle of the ancient city spoke about AI."},
		{"model:grok", "It takes time to grok a new AI framework."},
		{"model:kimi", "Kimi Raikkonen won the race in Abu Dhabi."},
		{"model:falcon", "SpaceX launched a Falcon 9 rocket with AI satellites."},
		{"model:jais", "Tourists drove up Jebel Jais to escape the heat."},
		{"model:jais", "صعد الزوار إلى جبل جيس هربا من الحر"},
		{"person:altman", "اجتمعت الدول الثمان في القمة"},
		{"org:samsung", "شركة سامسون للتجارة العامة"},
		{"person:leike", "حصل المنشور على ألف لايك في ساعة"},
	}
	for _, tt := range tests {
		if tags := defaultTagger.Tag("", tt.text, ""); hasTag(tags, tt.slug) {
			t.Errorf("%s found in %q (tags %v)", tt.slug, tt.text, names(tags, KindEntity))
		}
	}
}
