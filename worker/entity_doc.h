// EntityDoc: one document as the entity stages see it, and what they add to
// it, in order: the token stream and sentences (built once), the table
// phrases found in it (Hit), the mentions proposed by each recognizer
// (Candidate), and finally the linked entities and events. Each stage reads
// what earlier stages wrote and adds its own part, so a test can run any
// stage on a document prepared by hand.
//
//   factd::EntityDoc doc = factd::EntityDoc::Build(input, tables);
//   gazetteer.Run(&doc);  person_names.Run(&doc);  ...
//
// Not thread-safe: one per document.
#ifndef FACTD_WORKER_ENTITY_DOC_H_
#define FACTD_WORKER_ENTITY_DOC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "factd/v1/factd.pb.h"
#include "worker/budget.h"
#include "worker/entity_tables.h"
#include "worker/numbers.h"
#include "worker/structure.h"
#include "worker/tokens.h"

namespace factd {

// What the entity stage reads: the NFC text and what earlier stages found.
struct StructureInput {
  std::string_view text;
  std::string language;
  ByteRange headline;
  ByteRange body;
  std::vector<ByteRange> excluded;  // boilerplate, sorted
  // Boilerplate not even read for credits (other articles' related-news
  // lists), sorted; a subset of `excluded`.
  std::vector<ByteRange> unread;
  const NumberFacts* numbers = nullptr;
  // Every pass stops (keeping what it found) once this is spent; may be null.
  Budget* budget = nullptr;
};

// A table phrase found in the text: tokens [first, end).
struct Hit {
  uint32_t first = 0;
  uint32_t end = 0;
  TableEntry entry;
};

// How sure a recognizer is that a span is a mention; the stronger wins an
// overlap.
enum class Evidence : uint8_t {
  kShape = 1,    // the shape of a name alone
  kContext = 2,  // a title, honorific, speech verb or head noun beside it
  kTable = 3,    // a table of known names
};

// A mention a recognizer proposes, before linking.
struct Candidate {
  uint32_t first = 0;  // tokens [first, end)
  uint32_t end = 0;
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  Evidence evidence = Evidence::kShape;
  int known = -1;           // index into EntityTables::known(), or -1
  std::string name;         // canonical Latin name when not known
  std::string id;           // when not known: the entity id to give it
  ByteRange role;           // the title written beside it, if any
  ByteRange span;           // bytes of the mention; tokens' bytes when empty
};

struct Sentence {
  uint32_t first = 0;  // tokens [first, end)
  uint32_t end = 0;
  ByteRange span;
};

struct EntityDoc {
  std::string_view text;
  std::string language;
  const StructureInput* input = nullptr;
  const EntityTables* tables = nullptr;
  const LanguageTables* lang = nullptr;
  TokenStream tokens;
  std::vector<Sentence> sentences;  // of the body, outside boilerplate
  std::vector<Hit> hits;            // by first token, then longest first
  std::vector<uint32_t> hits_from;  // per token: first index into hits starting there
  std::vector<Candidate> candidates;
  // The country the article names most (ISO 3166-1 alpha-2), "" when none;
  // and whether its Han names read as Vietnamese (Vietnam named at least as
  // often as China, or a Vietnamese agency credited).
  std::string main_country;
  bool vietnam_focus = false;
  // Every country the article names (ISO codes).
  std::vector<std::string> countries;

  // The person candidate covering token `i` (the one starting last), or
  // null; from an index of the candidates made by IndexPersons().
  const Candidate* PersonAt(uint32_t i) const {
    return i < person_at.size() && person_at[i] >= 0 ? &candidates[person_at[i]] : nullptr;
  }
  void IndexPersons();
  std::vector<int> person_at;
  // Counts the countries named (main_country, countries, vietnam_focus),
  // leaving out country words inside the persons found so far.
  void CountCountries();
  // Builds the tokens, sentences and hits of `input`.
  static EntityDoc Build(const StructureInput& input, const EntityTables& tables);

  bool Spent() const { return Budget::Spent(input->budget); }
  std::string_view Text(uint32_t first, uint32_t end) const;
  std::string_view Text(ByteRange r) const { return text.substr(r.begin, r.size()); }
  ByteRange Span(uint32_t first, uint32_t end) const {
    return {tokens[first].begin, tokens[end - 1].end};
  }
  // Hits starting at token `i`.
  const Hit* HitsBegin(uint32_t i) const { return hits.data() + hits_from[i]; }
  const Hit* HitsEnd(uint32_t i) const { return hits.data() + hits_from[i + 1]; }
  // The longest hit of `kind` starting at `i`, or null.
  const Hit* HitAt(uint32_t i, EntryKind kind) const;
  bool Is(uint32_t i, EntryKind kind) const { return HitAt(i, kind) != nullptr; }
  // Whether token `i` is a word (or Han character) starting with a capital.
  bool Capitalized(uint32_t i) const;
  // Whether token `i` is a word in Arabic script (U+0600..U+06FF).
  bool ArabicWord(uint32_t i) const {
    if (i >= tokens.size() || tokens[i].type != TokenType::kWord) return false;
    const auto c = static_cast<unsigned char>(text[tokens[i].begin]);
    return c >= 0xD8 && c <= 0xDB;
  }
  // Whether ICU's dictionary segmentation of the Han text around token `i`
  // starts a word there: "局" in "紧张局势" does not (局势 is one word), so
  // it heads no organization. True for a token that is not Han.
  bool HanWordStart(uint32_t i) const;
  // The same for every token of [first, end) in one segmentation: whether
  // each starts a word (index 0 is `first`).
  std::vector<bool> HanWordStarts(uint32_t first, uint32_t end) const;
  // Whether tokens i and i+1 are in one run of text: no line break between.
  bool Joined(uint32_t i) const {
    return i + 1 < tokens.size() && !tokens[i + 1].Has(kLineStart);
  }
  // The sentence holding token `i` (index into sentences), or -1.
  int SentenceOf(uint32_t i) const;
  // Whether the document writes Latin script for names (vi, fr, en, ...).
  bool Latin() const { return language != "zh" && language != "ar"; }
};

}  // namespace factd

#endif  // FACTD_WORKER_ENTITY_DOC_H_
