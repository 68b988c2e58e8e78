#include "worker/known_names.h"

#include <algorithm>

#include "worker/name_keys.h"

namespace factd {
namespace {

bool Vietnamese(const EntityDoc& doc, uint32_t i, const NameReader* reader) {
  return reader != nullptr && reader->IsVietnameseSyllable(FoldToAscii(doc.Text(i, i + 1)));
}

}  // namespace

bool KnownNames::Preferred(const EntityDoc& doc, const Hit& hit) const {
  const auto& known = options_.tables->known();
  const KnownEntity& k = known[hit.entry.ref];
  const auto named = [&](const std::string& country) {
    return !country.empty() &&
           std::find(doc.countries.begin(), doc.countries.end(), country) != doc.countries.end();
  };
  // One phrase, several places ("河南省": Henan, and Hà Nam in Vietnamese
  // copy): the one in a country the article names, else the first.
  for (const Hit* h = doc.HitsBegin(hit.first); h != doc.HitsEnd(hit.first); ++h) {
    if (h == &hit || h->entry.kind != EntryKind::kKnown || h->end != hit.end) continue;
    const KnownEntity& other = known[h->entry.ref];
    if (named(other.country) && !named(k.country)) return false;
    if (named(other.country) == named(k.country) && h < &hit) return false;
  }
  if (hit.entry.needs_affix) {
    const bool affix = doc.Is(hit.end, EntryKind::kPlaceAfter);
    bool country = false;
    for (uint32_t j = hit.first >= 4 ? hit.first - 4 : 0; j < hit.first; ++j) {
      for (const Hit* h = doc.HitsBegin(j); h != doc.HitsEnd(j); ++h) {
        country |= h->end == hit.first && (h->entry.kind == EntryKind::kKnown ||
                                           h->entry.kind == EntryKind::kAdjective) &&
                   known[h->entry.ref].type == v1::COUNTRY && known[h->entry.ref].country == k.country;
      }
    }
    if (!affix && !country) return false;
  }
  // Without capitals to tell a name from a word, a province or region of
  // a country the article does not name, written as one word, is taken for
  // the word ("北部", "مايو", "河口").
  // (Chinese names China's own provinces bare: 四川, 广东.)
  const bool home = doc.language == "zh" && (k.country == "CN" || k.country == "TW");
  if (k.type == v1::LOCATION && !k.country.empty() && !doc.Latin() && !named(k.country) && !home) {
    const bool one_word = hit.end - hit.first == 1 ||
                          (doc.tokens[hit.first].type == TokenType::kHan && hit.end - hit.first <= 2);
    if (one_word) return false;
  }
  return true;
}

bool KnownNames::Standalone(const EntityDoc& doc, const Hit& hit, const KnownEntity& known) const {
  // One word that is also a title, a head noun or a function word ("General",
  // "Van" beside "Long"...) is that word.
  for (const Hit* h = doc.HitsBegin(hit.first); h != doc.HitsEnd(hit.first); ++h) {
    switch (h->entry.kind) {
      case EntryKind::kTitle: case EntryKind::kOrgHead: case EntryKind::kStop:
      case EntryKind::kOrgWord: case EntryKind::kTrigger:
        return false;
      default:
        break;
    }
  }
  if (known.type != v1::COUNTRY && known.type != v1::LOCATION) return true;
  // A country or place word inside a person's name: "Trần Thị Mỹ Linh",
  // "Phùng Đức Hậu", "Nhà hát Ca trù Lạc Viên", "Jordan Pike", "Chad
  // Morrow". In Vietnamese (and Vietnamese names elsewhere) a capitalized
  // syllable beside it says so; in French and English a capitalized word
  // after it that no table knows.
  const uint32_t i = hit.first;
  const auto neighbour = [&](uint32_t j) {
    return j < doc.tokens.size() && doc.Capitalized(j) && !doc.tokens[j].Has(kLineStart) &&
           !doc.Is(j, EntryKind::kKnown) && !doc.Is(j, EntryKind::kTitle) &&
           !doc.Is(j, EntryKind::kOrgHead) && !doc.Is(j, EntryKind::kSource);
  };
  const bool before = i > 0 && !doc.tokens[i].Has(kLineStart) && neighbour(i - 1) &&
                      doc.tokens[i].Has(kSpaceBefore);
  const bool after = neighbour(i + 1) && doc.tokens[i + 1].Has(kSpaceBefore);
  const bool syllable = Vietnamese(doc, i, options_.reader);
  if ((before && syllable && Vietnamese(doc, i - 1, options_.reader)) ||
      (after && syllable && Vietnamese(doc, i + 1, options_.reader))) {
    return false;
  }
  if (doc.language != "vi" && after && !syllable) return false;
  return true;
}

absl::StatusOr<std::unique_ptr<KnownNames>> KnownNames::Create(const Options& options) {
  if (options.tables == nullptr) return absl::InvalidArgumentError("KnownNames needs tables");
  return std::unique_ptr<KnownNames>(new KnownNames(options));
}

void KnownNames::Run(EntityDoc* doc) const {
  for (const Hit& hit : doc->hits) {
    if (doc->Spent()) return;
    if (hit.entry.kind != EntryKind::kKnown || doc->tokens[hit.first].Has(kExcluded)) continue;
    if (!Preferred(*doc, hit)) continue;
    bool latin = false;
    bool capital = false;
    for (uint32_t i = hit.first; i < hit.end; ++i) {
      const Token& t = doc->tokens[i];
      if (t.type != TokenType::kWord) continue;
      const auto c = static_cast<unsigned char>(doc->text[t.begin]);
      latin |= c < 0xD8 || c > 0xDB;
      capital |= t.Has(kUpper);
    }
    if (latin && !capital) continue;
    const KnownEntity& entity = options_.tables->known()[hit.entry.ref];
    // Vietnamese writes every syllable of a person's or place's name with a
    // capital: "Hòa Bình" is the province, "hòa bình" and "Hòa bình" peace.
    if (doc->language == "vi" && (entity.type == v1::LOCATION || entity.type == v1::PERSON) &&
        !doc->Capitalized(hit.end - 1)) {
      continue;
    }
    bool source = false;
    for (const Hit* h = doc->HitsBegin(hit.first); h != doc->HitsEnd(hit.first); ++h) {
      source |= h->entry.kind == EntryKind::kSource && h->end >= hit.end;
    }
    if (source) continue;
    const KnownEntity& known = options_.tables->known()[hit.entry.ref];
    if (latin && hit.end == hit.first + 1 && !Standalone(*doc, hit, known)) continue;
    Candidate c;
    c.first = hit.first;
    c.end = hit.end;
    c.type = known.type;
    c.evidence = Evidence::kTable;
    c.known = static_cast<int>(hit.entry.ref);
    c.name = known.name;
    doc->candidates.push_back(std::move(c));
  }
}

}  // namespace factd
