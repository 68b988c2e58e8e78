// Listening addresses of factd: parsing "HOST:PORT" (IPv4, a name, or an
// IPv6 literal in brackets), and a trial bind that says, before gRPC or the
// metrics server try, why an address cannot be listened on.
//
//   auto address = factd::ParseListenAddress("[::1]:50051", "gRPC");
//   if (absl::Status s = factd::CheckCanListen(*address, "gRPC"); !s.ok()) ...
//   // "cannot listen on [::1]:50051 (gRPC): address already in use"
//
// Thread-safe (pure functions and system calls).
#ifndef FACTD_SERVICE_ADDRESS_H_
#define FACTD_SERVICE_ADDRESS_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factd {

struct ListenAddress {
  std::string host;  // without brackets: "127.0.0.1", "::1", "localhost"
  int port = 0;      // 0..65535; 0 picks a free one
  // The address as gRPC and people write it: "[::1]:50051".
  std::string ToString() const;
  // The same with another port.
  std::string WithPort(int other_port) const;
};

// Parses "HOST:PORT" or "[V6]:PORT". INVALID_ARGUMENT, naming `what` (the
// flag), for a missing or non-numeric port, a port outside 0..65535, an
// empty host or an unclosed bracket.
absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view address, absl::string_view what);

// Binds a socket to `address` (every address its host resolves to) and
// closes it again, without SO_REUSEPORT, so a port another process listens
// on is found taken. UNAVAILABLE "cannot listen on ADDRESS (WHAT): REASON"
// when the host does not resolve or a bind fails (address already in use,
// cannot assign requested address, permission denied). Port 0 is only
// resolved.
absl::Status CheckCanListen(const ListenAddress& address, absl::string_view what);

}  // namespace factd

#endif  // FACTD_SERVICE_ADDRESS_H_
