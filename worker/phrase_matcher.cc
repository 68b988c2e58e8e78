#include "worker/phrase_matcher.h"

#include <algorithm>

namespace factd {

PhraseMatcher::PhraseMatcher() : payloads_(1) {}

void PhraseMatcher::Add(const std::vector<uint32_t>& keys, uint32_t payload) {
  if (keys.empty()) return;
  uint32_t node = 0;
  for (uint32_t key : keys) {
    if (key == 0) return;
    const uint64_t edge = (uint64_t{node} << 32) | key;
    auto it = edges_.find(edge);
    if (it == edges_.end()) {
      it = edges_.emplace(edge, static_cast<uint32_t>(payloads_.size())).first;
      payloads_.emplace_back();
    }
    node = it->second;
  }
  std::vector<uint32_t>& at = payloads_[node];
  if (std::find(at.begin(), at.end(), payload) == at.end()) {
    at.push_back(payload);
    ++phrases_;
  }
}

void PhraseMatcher::Walk(const TokenStream& tokens, size_t first, uint32_t first_key,
                         uint8_t skip,
                         absl::FunctionRef<void(size_t, absl::Span<const uint32_t>)> found) const {
  uint32_t node = Child(0, first_key);
  for (size_t i = first + 1; node != 0; ++i) {
    if (!payloads_[node].empty()) found(i, payloads_[node]);
    if (i >= tokens.size()) break;
    const Token& next = tokens[i];
    if (next.key == 0 || next.Has(kLineStart) || (next.flags & skip) != 0) break;
    node = Child(node, next.key);
  }
}

void PhraseMatcher::ForEachMatchAt(
    const TokenStream& tokens, size_t first,
    absl::FunctionRef<void(size_t end, absl::Span<const uint32_t> payloads)> found,
    uint8_t skip) const {
  const Token& token = tokens[first];
  if ((token.flags & skip) != 0) return;
  if (token.key != 0) Walk(tokens, first, token.key, skip, found);
  if (token.bare_key != 0 && token.bare_key != token.key) {
    Walk(tokens, first, token.bare_key, skip, found);
  }
  if (token.stem_key != 0 && token.stem_key != token.key && token.stem_key != token.bare_key) {
    Walk(tokens, first, token.stem_key, skip, found);
  }
}

size_t PhraseMatcher::LongestAt(const TokenStream& tokens, size_t first,
                                absl::Span<const uint32_t>* payloads, uint8_t skip) const {
  size_t longest = 0;
  ForEachMatchAt(
      tokens, first,
      [&](size_t end, absl::Span<const uint32_t> found) {
        if (end > longest) {
          longest = end;
          *payloads = found;
        }
      },
      skip);
  return longest;
}

}  // namespace factd
