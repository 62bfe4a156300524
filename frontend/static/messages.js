// The server's messages (errors and notices, written in English for the API and the command
// line) worded in Arabic for the Arabic page. Each pattern is one message of the server; a
// message no pattern knows is shown as it came, isolated for bidi.

const LANGS_AR = { ar: "العربية", en: "الإنكليزية", fr: "الفرنسية", es: "الإسبانية", ru: "الروسية", zh: "الصينية" };
const langs = (list) => list.split(/,\s*| or /).map((l) => LANGS_AR[l] || l).join("، ");

// [pattern, (match) => Arabic]; `$n` are the pattern's groups (symbols, numbers, words as typed).
const ARABIC = [
  [/^type a word to search for$/, () => "اكتب كلمة للبحث عنها"],
  [/^the query has no words to search for, only filters$/, () => "في البحث تصفية فقط: اكتب كلمة للبحث عنها"],
  [/^unbalanced quotation mark: close the phrase with "$/, () => "علامة تنصيص غير مغلقة: أغلق العبارة بعلامة \""],
  [/^unbalanced parenthesis in query$/, () => "قوس غير متوازن في البحث"],
  [/^NOT needs something to search for: add a word before it$/, () => "تحتاج NOT إلى ما يُبحث عنه: أضف كلمة قبلها"],
  [/^NOT needs a term after it$/, () => "تحتاج NOT إلى كلمة بعدها"],
  [/^(AND|OR) needs a term on both sides$/, (m) => `تحتاج ${m[1]} إلى كلمة على جانبيها`],
  [/^a lone \* is not a search term: put it after a few letters$/, () => "النجمة وحدها ليست كلمة بحث: ضعها بعد بضعة أحرف"],
  [/^query is (\d+) characters long; the limit is (\d+)$/, (m) => `طول البحث ${m[1]} حرفاً، والحد ${m[2]}`],
  [/^query contains control characters$/, () => "في البحث محارف تحكم"],
  [/^the query nests more than (\d+) levels deep$/, (m) => `الأقواس متداخلة أكثر من ${m[1]} مستوى`],
  [/^filter (\w+): needs a value$/, (m) => `التصفية ${m[1]}: تحتاج إلى قيمة`],
  [/^year: needs a year such as 2014, not (.*)$/, (m) => `year: تحتاج إلى سنة مثل 2014، لا ${m[1]}`],
  [/^session: needs an organ and session such as A\/HRC\/28, not (.*)$/, (m) => `session: تحتاج إلى هيئة ودورة مثل A/HRC/28، لا ${m[1]}`],
  [/^lang: is one of (.*), not (.*)$/, (m) => `lang: واحدة من ${m[1]}، لا ${m[2]}`],
  [/^there is no filter (\w+): \(filters: (.*)\)$/, (m) => `لا توجد تصفية ${m[1]}: (التصفيات: ${m[2]})`],
  [/^results beyond the first (\d+) cannot be paged to$/, (m) => `لا يمكن تصفح النتائج بعد أول ${m[1]}`],
  [/^the corpus is empty: ingest reports with `(.*)`$/, (m) => `المدونة فارغة: أضف تقارير بالأمر ${m[1]}`],
  [/^(?:the corpus|(\S+)) has no (\w+) text \(languages: (.*)\)$/, (m) =>
    `${m[1] ? `ليس في ${m[1]}` : "ليس في المدونة"} نص ${LANGS_AR[m[2]] ? "باللغة " + LANGS_AR[m[2]] : m[2]} (اللغات: ${langs(m[3])})`],
  [/^the query is in (\w+), and (?:the corpus|(\S+)) has text in (.*) only: search in (.*)$/, (m) =>
    `البحث باللغة ${LANGS_AR[m[1]] || m[1]}، و${m[2] ? `في ${m[2]}` : "في المدونة"} نصوص باللغات التالية فقط: ${langs(m[3])}. ابحث بإحداها`],
  [/^(.+) is not in the corpus: these paragraphs cite it$/, (m) => `${m[1]} ليست في المدونة: هذه الفقرات تستشهد بها`],
  [/^(\S+) is not in the corpus, and no paragraph in it cites it$/, (m) => `${m[1]} ليست في المدونة، ولا تستشهد بها أي فقرة فيها`],
  [/^(\S+) has no paragraph ([\d, ]+)(?: in (\w+))? in the corpus$/, (m) =>
    `ليس في ${m[1]} الفقرة ${m[2]}${m[3] ? " باللغة " + (LANGS_AR[m[3]] || m[3]) : ""} في المدونة`],
  [/^no report (\S+) in the corpus$/, (m) => `لا يوجد التقرير ${m[1]} في المدونة`],
  [/^no set with the id or name (.*)$/, (m) => `لا توجد مجموعة بهذا المعرّف أو الاسم ${m[1]}`],
  [/^a set (?:named (.*) |with that name )already exists$/, () => "توجد مجموعة بهذا الاسم من قبل"],
  [/^a set needs a name$/, () => "تحتاج المجموعة إلى اسم"],
  [/^there is nothing to export: no paragraphs$/, () => "لا شيء للتصدير: لا فقرات"],
  [/^not in the corpus: (.*)$/, (m) => `ليست في المدونة: ${m[1]}`],
  [/^not in the set: (.*)$/, (m) => `ليست في المجموعة: ${m[1]}`],
  [/^the request holds text that is not valid Unicode$/, () => "في الطلب نص غير صالح"],
];

// The message in the page's language: Arabic where the pattern is known, else as it came.
export function worded(text) {
  if (document.documentElement.lang !== "ar") return text;
  for (const [pattern, arabic] of ARABIC) {
    const m = pattern.exec(text);
    if (m) return arabic(m);
  }
  return text;
}
