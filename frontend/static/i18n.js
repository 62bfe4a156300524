// The page's own words in Arabic and English. The visitor chooses the page's language with the
// switch in the header; it is kept in this browser and sets <html lang dir> (Arabic right to
// left, English left to right). Reports' texts keep their own language and direction.

const KEY = "fiqra.lang";
export const PAGE_LANGS = ["ar", "en"];
let current = null;

export function pageLang() {
  if (!current) {
    const kept = localStorage.getItem(KEY);
    current = PAGE_LANGS.includes(kept) ? kept : "ar";
  }
  return current;
}

// The page's words by key: [Arabic, English], each a string or a function of the values it names.
const WORDS = {
  title: ["فقرة · fiqra", "fiqra · فقرة"],
  switchTo: ["English", "العربية"],
  switchLabel: ["Read this page in English", "اقرأ الصفحة بالعربية"],
  searchLabel: ["بحث", "Search"],
  searchPlaceholder: ["ابحث في فقرات التقارير… مثال: خطوط المساعده", "Search the reports' paragraphs… e.g. خطوط المساعده or helplines"],
  langLabel: ["اللغة", "Language"],
  allLangs: ["كل اللغات", "All languages"],
  searchButton: ["بحث", "Search"],
  help: ["كيف أكتب البحث؟", "How do I search?"],
  helpWords: ["كلمات مرتبة: الفقرة التي تضم أكثرها أولاً، وتظهر أيضاً الفقرة ذات الكلمة النادرة",
    "ranked words: a paragraph with most of them first; one with a rare word still shows"],
  helpPhrase: ["عبارة كما هي (بلا جذور ولا مرادفات)", "this exact phrase (no stems or synonyms)"],
  helpOperators: ["الكلمتان معاً؛ وكذلك OR و NOT (بحروف لاتينية كبيرة؛ و/أو/ليس كلمات عادية)",
    "both words; also OR and NOT (Latin capitals; و/أو/ليس are ordinary words)"],
  helpPrefix: ["كل كلمة تبدأ بهذه الحروف", "every word starting with these letters"],
  helpExact: ["هذه الكلمة بعينها، بلا توسيع", "this very word, not expanded"],
  helpFilters: ["تصفية بالتقرير واللغة والسنة والدورة والفرع", "filters: report, language, year, session, section"],
  helpTags: ["التوصيات حسب الدولة الموصية والموقف والموضوع؛ التصفية نفسها مرتين: أيٌّ من القيمتين",
    "recommendations by recommending State, position, theme; one filter twice: either value"],
  helpCitation: ["استشهاد: الفقرات المقصودة، أو الفقرات التي تستشهد به إن لم يكن في المدونة",
    "a citation: those paragraphs, or the paragraphs citing it when it is not in the corpus"],
  sets: ["المجموعات", "Sets"],
  back: ["→ رجوع", "← Back"],
  languages: ["اللغات", "Languages"],
  loading: ["…", "…"],
  // errors
  noServer: ["تعذّر الاتصال بالخادم", "The server could not be reached"],
  needToken: ["يلزم رمز وصول صحيح", "A valid access token is needed"],
  notFound: ["غير موجود", "Not found"],
  badRequest: ["طلب غير صالح", "Invalid request"],
  serverError: ["خطأ في الخادم", "Server error"],
  error: ["خطأ", "Error"],
  // search results
  facetSymbol: ["التقرير", "Report"],
  facetLang: ["اللغة", "Language"],
  facetYear: ["السنة", "Year"],
  facetSession: ["الدورة", "Session"],
  facetSection: ["الفرع", "Section"],
  sortRelevance: ["الأكثر صلة", "Most relevant"],
  sortDate: ["الأحدث أولاً", "Newest first"],
  sortDocument: ["ترتيب الوثيقة", "Document order"],
  kindFootnote: ["حاشية", "footnote"],
  kindRecommendation: ["توصية", "recommendation"],
  kindTitle: ["العنوان", "title"],
  kindSummary: ["الموجز", "summary"],
  readIn: ["اقرأها بـ", "Read it in"],
  addedAll: [(n) => (n === 1 ? "أضيفت فقرة واحدة" : `أضيفت ${n} فقرات`), (n) => (n === 1 ? "1 paragraph added" : `${n} paragraphs added`)],
  clearFilter: [(what) => `ألغِ التصفية: ${what}`, (what) => `Remove the filter: ${what}`],
  filterResults: ["تصفية النتائج", "Filter the results"],
  resultPages: ["صفحات النتائج", "Result pages"],
  previous: ["→ السابقة", "← Previous"],
  next: ["التالية ←", "Next →"],
  addAll: ["أضف كل نتائج هذا البحث إلى السلة", "Add every hit of this search to the basket"],
  order: ["الترتيب", "Order"],
  paragraphsWord: ["فقرة", "paragraphs"],
  paragraphCount: [(n) => `${n} فقرة`, (n) => (n === 1 ? "1 paragraph" : `${n} paragraphs`)],
  results: ["النتائج ", "Results "],
  exportResults: ["صدّر النتائج", "Export the results"],
  note: ["ملاحظة: ", "Note: "],
  noResults: ["لا توجد نتائج", "No results"],
  tagState: ["الدولة الموصية", "Recommending State"],
  tagPosition: ["الموقف", "Position"],
  tagTheme: ["الموضوع", "Theme"],
  tagPerson: ["الأشخاص المعنيون", "Persons affected"],
  // reader and paragraphs
  oneLang: ["لغة واحدة", "One language"],
  sideBySide: ["جنباً إلى جنب: ", "Side by side: "],
  noNumbered: ["لا فقرات مرقمة في هذا التقرير", "This report has no numbered paragraphs"],
  noSuchParagraph: ["لا توجد الفقرة ", "There is no paragraph "],
  noteMissing: ["نص الحاشية غير متوفر في المصدر", "The note's text is not in the source"],
  footnote: [(n) => `حاشية ${n}`, (n) => `Footnote ${n}`],
  // report page
  recommendations: ["التوصيات", "Recommendations"],
  recommendationCount: [(n) => ` — ${n} توصية`, (n) => ` — ${n} recommendation${n === 1 ? "" : "s"}`],
  noCitations: ["لا استشهادات.", "No citations."],
  inCorpus: [" في المدونة", " in the corpus"],
  from: ["من ", "from "],
  notCited: ["لم تستشهد به تقارير في المدونة.", "No report in the corpus cites it."],
  contents: ["المحتويات", "Contents"],
  cites: ["يستشهد بـ", "Cites"],
  citedBy: ["استشهدت به", "Cited by"],
  // home
  reportsInCorpus: ["التقارير في المدونة ", "Reports in the corpus "],
  corpusEmpty: ["المدونة فارغة: أضف تقارير بالأمر fiqra ingest.", "The corpus is empty: add reports with fiqra ingest."],
  // basket and sets
  basket: ["السلة", "Basket"],
  alreadyInBasket: ["الفقرة في السلة من قبل", "Already in the basket"],
  addedToBasket: [(n) => (n === 1 ? "أضيفت فقرة إلى السلة" : `أضيفت ${n} فقرات إلى السلة`),
    (n) => (n === 1 ? "1 paragraph added to the basket" : `${n} paragraphs added to the basket`)],
  inBasket: ["✓ في السلة", "✓ In the basket"],
  toBasket: ["+ السلة", "+ Basket"],
  chooseSet: ["اختر مجموعة…", "Choose a set…"],
  basketEmpty: ["أضف فقرات من النتائج أو من القارئ.", "Add paragraphs from the results or the reader."],
  setName: ["اسم المجموعة", "Set name"],
  saveSet: ["احفظ مجموعة", "Save as a set"],
  orAddToSet: ["أو أضفها إلى مجموعة محفوظة", "or add them to a saved set"],
  add: ["أضف", "Add"],
  savedSets: ["المجموعات المحفوظة", "Saved sets"],
  emptyBasket: ["أفرغ السلة", "Empty the basket"],
  noSets: ["لا مجموعات بعد: اجمع فقرات في السلة واحفظها.", "No sets yet: gather paragraphs in the basket and save them."],
  confirmDelete: ["تأكيد الحذف", "Confirm deletion"],
  allSets: ["→ كل المجموعات", "← All sets"],
  newName: ["اسم جديد", "New name"],
  rename: ["أعد التسمية", "Rename"],
  deleteSet: ["احذف المجموعة", "Delete the set"],
  goneCount: [(n) => ` — ${n} لم تعد في المدونة`, (n) => ` — ${n} no longer in the corpus`],
  gone: ["لم تعد في المدونة", "no longer in the corpus"],
  shareLink: ["رابط المشاركة: ", "Share link: "],
  export: ["تصدير", "Export"],
  moveUp: ["إلى الأعلى", "Move up"],
  moveDown: ["إلى الأسفل", "Move down"],
  remove: ["احذف", "Remove"],
};

// The page's words for `key` in its language (a function's with `values`).
export function t(key, ...values) {
  const word = WORDS[key][pageLang() === "ar" ? 0 : 1];
  return typeof word === "function" ? word(...values) : word;
}

// The page's fixed words (index.html: data-t for text, data-t-placeholder, data-t-label for
// aria-label) and its language and direction, as chosen.
export function applyPageLang() {
  const lang = pageLang();
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-t-placeholder]")) node.placeholder = t(node.dataset.tPlaceholder);
  for (const node of document.querySelectorAll("[data-t-label]")) node.setAttribute("aria-label", t(node.dataset.tLabel));
  const other = PAGE_LANGS.find((l) => l !== lang);
  const button = document.getElementById("page-lang");
  if (button) {
    button.lang = other;
    button.dir = other === "ar" ? "rtl" : "ltr";
  }
}

// Chooses the page's language (kept in this browser) and words the page in it.
export function setPageLang(lang) {
  current = PAGE_LANGS.includes(lang) ? lang : "ar";
  localStorage.setItem(KEY, current);
  applyPageLang();
}
