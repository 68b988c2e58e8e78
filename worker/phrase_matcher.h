// PhraseMatcher: finds phrases of a table (sequences of folded tokens, such
// as "liên hợp quốc", "جان بيير لاكروا" or the single token "越") in a
// TokenStream. A trie over Vocabulary ids, walked token by token from each
// start: one hash lookup per token of a candidate phrase, none for a token
// no phrase uses (its id is 0). A phrase does not run across a line break,
// and its first token may carry glued Arabic proclitics (Token::bare_key).
//
//   factd::PhraseMatcher matcher;
//   matcher.Add({vocabulary.Intern("hà"), vocabulary.Intern("nội")}, /*payload=*/7);
//   matcher.ForEachMatchAt(tokens, i, [](size_t end, absl::Span<const uint32_t> payloads) {...});
//
// Thread-safe once built: matching reads only.
#ifndef FACTD_WORKER_PHRASE_MATCHER_H_
#define FACTD_WORKER_PHRASE_MATCHER_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "worker/tokens.h"

namespace factd {

class PhraseMatcher {
 public:
  PhraseMatcher();

  // Adds the phrase `keys` (non-zero Vocabulary ids) with `payload`. A
  // phrase added twice keeps every payload, once each.
  void Add(const std::vector<uint32_t>& keys, uint32_t payload);

  // Calls `found(end, payloads)` for every phrase that starts at token
  // `first`, shortest first; `end` is one past its last token. A token
  // marked `skip` (boilerplate, say) neither starts nor continues a phrase.
  void ForEachMatchAt(const TokenStream& tokens, size_t first,
                      absl::FunctionRef<void(size_t end, absl::Span<const uint32_t> payloads)> found,
                      uint8_t skip = kUnread) const;

  // The longest phrase starting at `first`: its end and payloads, or end 0.
  size_t LongestAt(const TokenStream& tokens, size_t first, absl::Span<const uint32_t>* payloads,
                   uint8_t skip = kUnread) const;

  size_t phrases() const { return phrases_; }

 private:
  uint32_t Child(uint32_t node, uint32_t key) const {
    auto it = edges_.find((uint64_t{node} << 32) | key);
    return it == edges_.end() ? 0 : it->second;
  }
  void Walk(const TokenStream& tokens, size_t first, uint32_t first_key, uint8_t skip,
            absl::FunctionRef<void(size_t, absl::Span<const uint32_t>)> found) const;

  // Node 0 is the root; an edge is keyed by (node << 32) | token key.
  absl::flat_hash_map<uint64_t, uint32_t> edges_;
  std::vector<std::vector<uint32_t>> payloads_;  // per node
  size_t phrases_ = 0;
};

}  // namespace factd

#endif  // FACTD_WORKER_PHRASE_MATCHER_H_
