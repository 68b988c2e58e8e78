// Name folding shared by the entity stages: a name in any script folded to
// lower-case ASCII, the key that decides whether two Latin names are one
// person, title case for syllables, and ICU transliteration with a
// per-thread cache.
//
//   factd::LatinKey("Đặng Hoàng Giang") == factd::LatinKey("Dang Hoang Giang")  // "danghoanggiang"
//   factd::Transliterate("Han-Latin; Latin-ASCII", "王毅")                      // "wang yi"
//
// Thread-safe: ICU transliterators are cloned per thread, results remembered
// per thread in a bounded memo.
#ifndef FACTD_WORKER_NAME_KEYS_H_
#define FACTD_WORKER_NAME_KEYS_H_

#include <string>
#include <string_view>

namespace factd {

// Any text folded to lower-case ASCII: Latin without its diacritics (đ as d),
// other scripts through ICU's Any-Latin first.
std::string FoldToAscii(std::string_view text);

// The letters and digits of FoldToAscii(name): "danghoanggiang".
std::string LatinKey(std::string_view name);

// Each word with its first letter upper-cased and the rest lower-cased;
// words are separated by spaces and hyphens.
std::string TitleCase(std::string_view text);

// `text` through the ICU transliterator `id` ("Any-Latin; Latin-ASCII").
std::string Transliterate(const char* id, std::string_view text);

// The letters and digits of FoldToAscii(name), words joined by hyphens:
// "Bạch Mai Hospital" -> "bach-mai-hospital".
std::string Slug(std::string_view name);

// "person:" and Slug(name).
std::string PersonId(std::string_view name);

}  // namespace factd

#endif  // FACTD_WORKER_NAME_KEYS_H_
