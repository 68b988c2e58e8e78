#include "worker/person_names.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "worker/name_keys.h"

namespace factd {
namespace {

bool IsComma(const EntityDoc& doc, uint32_t i) {
  if (i >= doc.tokens.size() || doc.tokens[i].type != TokenType::kPunct) return false;
  const std::string_view t = doc.Text(i, i + 1);
  return t == "," || t == "\xE3\x80\x81" /*、*/ || t == "\xD8\x8C" /*،*/ || t == "\xEF\xBC\x8C" /*，*/;
}

// A table phrase that may stand between a title and the name it introduces.
const Hit* TitlePhraseHit(const EntityDoc& doc, uint32_t i) {
  const Hit* best = nullptr;
  for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
    switch (h->entry.kind) {
      case EntryKind::kKnown: {
        const KnownEntity& k = doc.tables->known()[h->entry.ref];
        if (k.type == v1::PERSON) continue;
        // A province of a country the article does not name is a word of
        // the name ("بيير" is also an Albanian county's Arabic name).
        if (k.type == v1::LOCATION && !k.country.empty() && !doc.Latin() &&
            std::find(doc.countries.begin(), doc.countries.end(), k.country) == doc.countries.end()) {
          continue;
        }
        break;
      }
      case EntryKind::kAdjective: case EntryKind::kMinistry: case EntryKind::kOrgHead:
      case EntryKind::kOrgWord:  // "ministre de l'Agriculture"
      case EntryKind::kTitle: case EntryKind::kConnector: case EntryKind::kPlaceBefore:
      case EntryKind::kPlaceAfter:
        break;
      default:
        continue;
    }
    if (best == nullptr || h->end > best->end) best = h;
  }
  return best;
}

// Whether a known name (a place, a country, an organization) covers tokens
// [first, end): "Hà Nội" has a name's shape, and is a city.
bool CoveredByKnown(const EntityDoc& doc, uint32_t first, uint32_t end) {
  for (uint32_t i = first >= 6 ? first - 6 : 0; i <= first; ++i) {
    for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
      if (h->entry.kind == EntryKind::kKnown && h->end >= end) return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PersonNames>> PersonNames::Create(const Options& options) {
  if (options.tables == nullptr || options.reader == nullptr) {
    return absl::InvalidArgumentError("PersonNames needs tables and a name reader");
  }
  return std::unique_ptr<PersonNames>(new PersonNames(options));
}

uint32_t PersonNames::SkipTitlePhrase(const EntityDoc& doc, uint32_t from) const {
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  uint32_t j = from;
  int article_words = 0;
  for (int steps = 0; steps < 10 && j < n && !doc.tokens[j].Has(kLineStart); ++steps) {
    if (const Hit* h = TitlePhraseHit(doc, j)) {
      j = h->end;
      continue;
    }
    // Title chains: "Phó Thủ tướng, Bộ trưởng Ngoại giao", "越共中央委员、外交部副部长".
    if (IsComma(doc, j) && TitlePhraseHit(doc, j + 1) != nullptr) {
      ++j;
      continue;
    }
    // Arabic titles run on with a noun or two and adjectives that carry
    // the article: "نائب وزير الخارجية الفيتنامي ...".
    if (doc.ArabicWord(j) && doc.Text(j, j + 1).substr(0, 4) == "\xD8\xA7\xD9\x84" &&
        ++article_words <= 2) {
      ++j;
      continue;
    }
    // "ministre de l'Intérieur X", "président de la République X": an
    // article (elided or not) inside the title's complement.
    if (doc.Latin() && j > from && doc.Is(j - 1, EntryKind::kConnector) && !doc.Capitalized(j) &&
        doc.tokens[j].type == TokenType::kWord && doc.tokens[j].end - doc.tokens[j].begin <= 3) {
      uint32_t next = j + 1;
      if (next < doc.tokens.size() && doc.tokens[next].type == TokenType::kPunct &&
          !doc.tokens[next].Has(kSpaceBefore) &&
          (doc.Text(next, next + 1) == "'" || doc.Text(next, next + 1) == "\xE2\x80\x99")) {
        ++next;  // l', d'
      }
      if (doc.Capitalized(next)) {
        j = next;
        continue;
      }
    }
    // "Sen. Lieut. Gen.": the full stop of an abbreviated title.
    if (doc.tokens[j].type == TokenType::kPunct && doc.Text(j, j + 1) == "." && j > from &&
        doc.Is(j - 1, EntryKind::kTitle)) {
      ++j;
      continue;
    }
    break;
  }
  return j;
}

NameSpan PersonNames::NameAfter(const EntityDoc& doc, uint32_t from) const {
  const uint32_t j = SkipTitlePhrase(doc, from);
  if (j >= doc.tokens.size()) return {j, j};
  const Token& t = doc.tokens[j];
  if (t.type == TokenType::kHan) {
    const Hit* surname = doc.HitAt(j, EntryKind::kSurname);
    const bool vietnamese = doc.vietnam_focus && surname != nullptr &&
                            options_.tables->surnames()[surname->entry.ref].vietnamese;
    return HanNameAt(doc, j, vietnamese ? 3 : 2);
  }
  // "Le ministre de l'Agriculture, Marc Dubreuil, a déclaré": the name in
  // apposition between commas.
  if (doc.Latin() && IsComma(doc, j) && doc.Capitalized(j + 1)) {
    const NameSpan run = LatinRunAt(doc, j + 1, static_cast<uint32_t>(doc.tokens.size()), 4);
    if (!run.empty() && IsComma(doc, run.end) && !CoveredByKnown(doc, run.first, run.end)) {
      return NameInRun(doc, *options_.reader, run, 3);
    }
    return {j, j};
  }
  if (doc.ArabicWord(j)) {
    // After a title the words run on through an organization's name to the
    // person's ("المدير العام لمجموعة فان لونغ فونغ دوك هاو"): in an article
    // about Viet Nam, a Vietnamese name that ends the stretch is the name.
    NameSpan name = ArabicNameAt(doc, j, /*single_ok=*/false, doc.vietnam_focus ? 6 : 4);
    if (doc.vietnam_focus && name.size() > 3) {
      for (uint32_t length : {3u, 4u, 2u}) {
        if (name.size() > length &&
            !options_.reader->ArabicVietnamese(std::string(doc.Text(name.end - length, name.end))).empty()) {
          return {name.end - length, name.end};
        }
      }
    }
    if (name.size() > 4) name.end = name.first + 4;
    return name;
  }
  if (!doc.Capitalized(j)) return {j, j};
  // The stretch of capitalized words after the title phrase; the name is
  // its end (a Vietnamese name, or the words after the last table phrase).
  // The stretch may run through a connector to a place ("Đại sứ Pierre
  // Dumont tại Hà Nội"): a last part that is only a known name is not the
  // person's.
  uint32_t end = j;
  for (uint32_t k = j; k < doc.tokens.size() && k - j < 12;) {
    const NameSpan run = LatinRunAt(doc, k, static_cast<uint32_t>(doc.tokens.size()), 8);
    if (run.empty()) {
      const Hit* h = TitlePhraseHit(doc, k);
      if (h == nullptr || !doc.Capitalized(h->end)) break;
      k = h->end;
      continue;
    }
    if (CoveredByKnown(doc, run.first, run.end) && end > j) break;
    end = run.end;
    k = run.end;
    const Hit* h = TitlePhraseHit(doc, k);
    if (h == nullptr || !doc.Capitalized(h->end)) break;
  }
  if (end == j) return {j, j};
  NameSpan name = NameInRun(doc, *options_.reader, {j, end}, 3);
  return name;
}

bool PersonNames::ReadsVietnamese(const EntityDoc& doc, uint32_t name_first, bool focus) const {
  // The nationality written in the title phrase before the name decides.
  for (uint32_t k = name_first >= 12 ? name_first - 12 : 0; k < name_first; ++k) {
    for (const Hit* h = doc.HitsBegin(k); h != doc.HitsEnd(k); ++h) {
      if (h->end > name_first) continue;
      if (h->entry.kind != EntryKind::kKnown && h->entry.kind != EntryKind::kAdjective) continue;
      const KnownEntity& known = doc.tables->known()[h->entry.ref];
      if (known.type != v1::COUNTRY) continue;
      if (known.country == "VN") focus = true;
      if (known.country == "CN" || known.country == "TW" || known.country == "SG") focus = false;
    }
  }
  // The surname must be a Vietnamese one.
  const Hit* surname = doc.HitAt(name_first, EntryKind::kSurname);
  return focus && surname != nullptr && doc.tables->surnames()[surname->entry.ref].vietnamese;
}

std::string PersonNames::CanonicalName(const EntityDoc& doc, NameSpan name, bool vietnamese) const {
  const NameReader& reader = *options_.reader;
  if (const std::string_view alias = LatinAliasAfter(doc, name.end); !alias.empty()) {
    return std::string(alias);
  }
  const std::string_view written = doc.Text(name.first, name.end);
  const Token& first = doc.tokens[name.first];
  if (first.type == TokenType::kHan) {
    // A transliteration: its parts in pinyin, each joined into a word.
    std::vector<std::string> parts;
    std::string part;
    bool joined = false;
    for (uint32_t i = name.first; i < name.end; ++i) {
      if (doc.tokens[i].type != TokenType::kHan) {
        joined = true;
        if (!part.empty()) parts.push_back(TitleCase(part));
        part.clear();
        continue;
      }
      part += FoldToAscii(Transliterate("Han-Latin", doc.Text(i, i + 1)));
    }
    if (!part.empty()) parts.push_back(TitleCase(part));
    if (joined) return absl::StrJoin(parts, " ");
    if (vietnamese) {
      std::string reading = reader.SinoVietnamese(written);
      if (!reading.empty()) return reading;
    }
    const Hit* surname = doc.HitAt(name.first, EntryKind::kSurname);
    const uint32_t given = surname != nullptr ? surname->end : name.first + 1;
    std::string family, rest;
    for (uint32_t i = name.first; i < name.end; ++i) {
      (i < given ? family : rest) += FoldToAscii(Transliterate("Han-Latin", doc.Text(i, i + 1)));
    }
    return rest.empty() ? TitleCase(family) : absl::StrCat(TitleCase(family), " ", TitleCase(rest));
  }
  if (doc.ArabicWord(name.first)) {
    std::string vietnamese_reading = reader.ArabicVietnamese(written);
    return vietnamese_reading.empty() ? reader.RomanizeArabic(written) : vietnamese_reading;
  }
  // Latin: as written, white space made single.
  std::vector<std::string> words;
  for (uint32_t i = name.first; i < name.end; ++i) {
    const std::string_view token = doc.Text(i, i + 1);
    if (i > name.first && !doc.tokens[i].Has(kSpaceBefore) && !words.empty()) {
      words.back().append(token);
    } else {
      words.emplace_back(token);
    }
  }
  return absl::StrJoin(words, " ");
}

void PersonNames::Add(EntityDoc* doc, NameSpan name, ByteRange role, Evidence evidence,
                      bool vietnamese) const {
  if (name.empty() || doc->tokens[name.first].Has(kExcluded)) return;
  // An Arabic-script stretch that starts with a Vietnamese name and runs
  // on ("دينه كووك توان فشدد"): the name is the part that reads.
  if (doc->vietnam_focus && doc->ArabicWord(name.first) && name.size() > 2 &&
      options_.reader->ArabicVietnamese(std::string(doc->Text(name.first, name.end))).empty()) {
    for (uint32_t end = name.end - 1; end >= name.first + 2; --end) {
      if (!options_.reader->ArabicVietnamese(std::string(doc->Text(name.first, end))).empty()) {
        name.end = end;
        vietnamese = true;
        break;
      }
    }
  }
  Candidate c;
  c.first = name.first;
  c.end = name.end;
  c.type = v1::PERSON;
  c.evidence = evidence;
  c.role = role;
  c.name = CanonicalName(*doc, name, vietnamese);
  if (LatinKey(c.name).size() < 2) return;
  doc->candidates.push_back(std::move(c));
}

void PersonNames::Run(EntityDoc* doc) const {
  Find(doc);
  // A Han name read one character too long where the text runs on
  // ("黄春战上和"): the same name written shorter elsewhere in the article
  // is the name.
  absl::flat_hash_map<std::string_view, int> written;
  for (const Candidate& c : doc->candidates) {
    if (c.type == v1::PERSON && doc->tokens[c.first].type == TokenType::kHan) ++written[doc->Text(c.first, c.end)];
  }
  for (Candidate& c : doc->candidates) {
    if (c.type != v1::PERSON || doc->tokens[c.first].type != TokenType::kHan || c.end - c.first < 4) continue;
    const auto count = [&](std::string_view text) {
      auto it = written.find(text);
      return it == written.end() ? 0 : it->second;
    };
    const std::string_view text = doc->Text(c.first, c.end);
    const std::string_view shorter = doc->Text(c.first, c.end - 1);
    if (count(shorter) > 0 && count(text) < count(shorter)) {
      --c.end;
      c.name = CanonicalName(*doc, {c.first, c.end}, ReadsVietnamese(*doc, c.first, doc->vietnam_focus));
    }
  }
}

void PersonNames::Find(EntityDoc* doc) const {
  const bool focus = doc->vietnam_focus;
  const auto n = static_cast<uint32_t>(doc->tokens.size());
  for (uint32_t i = 0; i < n && !doc->Spent(); ++i) {
    if (doc->tokens[i].Has(kExcluded)) continue;
    for (const Hit* h = doc->HitsBegin(i); h != doc->HitsEnd(i); ++h) {
      const EntryKind kind = h->entry.kind;
      if (kind == EntryKind::kTitle) {
        const Title& title = options_.tables->titles()[h->entry.ref];
        const ByteRange role = title.honorific ? ByteRange{} : doc->Span(h->first, h->end);
        NameSpan name = title.after ? HanNameBefore(*doc, h->first) : NameAfter(*doc, h->end);
        if (title.after && name.empty()) continue;
        if (name.empty()) continue;
        Add(doc, name, role, Evidence::kContext, ReadsVietnamese(*doc, name.first, focus));
      } else if (kind == EntryKind::kNameCue) {
        Add(doc, NameAfter(*doc, h->end), {}, Evidence::kContext,
            ReadsVietnamese(*doc, h->end, focus));
      } else if (kind == EntryKind::kTrigger && h->entry.ref == v1::STATEMENT) {
        // The speaker right before the verb ("Holloway said", "梁世凯表示")
        // or right after it ("said Lacroix", "قال ...").
        if (doc->Latin() && h->first > 0) {
          uint32_t start = h->first;
          while (start > 0 && h->first - start < 4 &&
                 (doc->Capitalized(start - 1) || (start > 1 && doc->Capitalized(start - 2) &&
                                                  doc->tokens[start - 1].type == TokenType::kPunct &&
                                                  !doc->tokens[start - 1].Has(kSpaceBefore)))) {
            --start;
          }
          const NameSpan run = LatinRunAt(*doc, start, h->first, 4);
          if (!run.empty() && run.end == h->first && doc->SentenceOf(start) >= 0 &&
              TitlePhraseHit(*doc, start) == nullptr && !doc->Is(start, EntryKind::kSource) &&
              !doc->Is(start, EntryKind::kPronoun)) {
            Add(doc, NameInRun(*doc, *options_.reader, run, 3), {}, Evidence::kContext, false);
          }
          // "said Lacroix"; "a expliqué à l'AFP Yves Marçais": a phrase
          // naming whom it was said to may come first.
          uint32_t at = h->end;
          if (doc->Is(at, EntryKind::kConnector) || doc->Is(at, EntryKind::kStop)) {
            uint32_t k = at + 1;
            while (k < n && k - at < 4 && !doc->Is(k, EntryKind::kSource) && !doc->Capitalized(k)) ++k;
            if (const Hit* source = doc->HitAt(k, EntryKind::kSource)) at = source->end;
          }
          if (doc->Capitalized(at)) {
            const NameSpan after = LatinRunAt(*doc, at, n, 4);
            if (TitlePhraseHit(*doc, at) == nullptr && !doc->Is(at, EntryKind::kSource)) {
              Add(doc, NameInRun(*doc, *options_.reader, after, 3), {}, Evidence::kContext, false);
            }
          }
        } else if (doc->tokens[h->first].type == TokenType::kHan) {
          const NameSpan name = HanNameBefore(*doc, h->first);
          if (!name.empty()) {
            Add(doc, name, {}, Evidence::kContext, ReadsVietnamese(*doc, name.first, focus));
          }
        } else if (doc->ArabicWord(h->end) && TitlePhraseHit(*doc, h->end) == nullptr) {
          Add(doc, ArabicNameAt(*doc, h->end), {}, Evidence::kContext, false);
        }
      } else if (kind == EntryKind::kSurname && doc->Latin() && doc->Capitalized(i)) {
        // A Vietnamese name by its shape alone.
        for (uint32_t length : {4u, 3u, 2u}) {
          if (CoveredByKnown(*doc, i, i + length)) break;
          if (IsVietnameseName(*doc, *options_.reader, i, i + length) &&
              (i + length >= n || !doc->Capitalized(i + length) ||
               doc->tokens[i + length].Has(kLineStart))) {
            Add(doc, {i, i + length}, {}, Evidence::kShape, true);
            break;
          }
        }
      }
    }
    // A Vietnamese name in Arabic script by its shape alone, in an article
    // about Viet Nam: a Vietnamese surname and two or three more words that
    // all read as Vietnamese syllables ("فام مينه تشينه").
    if (focus && doc->language == "ar" && doc->ArabicWord(i)) {
      const NameSpan words = ArabicNameAt(*doc, i, /*single_ok=*/false);
      for (uint32_t length = std::min<uint32_t>(words.size(), 4); length >= 3; --length) {
        if (!options_.reader->ArabicVietnamese(std::string(doc->Text(i, i + length))).empty()) {
          Add(doc, {i, i + length}, {}, Evidence::kShape, true);
          i += length - 1;
          break;
        }
      }
      continue;
    }
    // "Jordan Pike, a transport analyst": two or three capitalized words
    // in apposition to a noun phrase with an article.
    if (doc->Latin() && doc->Capitalized(i) && doc->SentenceOf(i) >= 0 &&
        (i == 0 || !doc->Capitalized(i - 1) || doc->sentences[doc->SentenceOf(i)].first == i)) {
      const NameSpan run = LatinRunAt(*doc, i, n, 3);
      if (run.size() >= 2 && IsComma(*doc, run.end) && run.end + 1 < n &&
          doc->Is(run.end + 1, EntryKind::kApposition) && !CoveredByKnown(*doc, run.first, run.end)) {
        Add(doc, run, {}, Evidence::kContext, false);
      }
    }
  }
}

}  // namespace factd
