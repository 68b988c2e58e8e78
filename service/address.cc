#include "service/address.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace factd {

std::string ListenAddress::ToString() const { return WithPort(port); }

std::string ListenAddress::WithPort(int other_port) const {
  const bool v6 = host.find(':') != std::string::npos;
  return v6 ? absl::StrCat("[", host, "]:", other_port) : absl::StrCat(host, ":", other_port);
}

absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view address, absl::string_view what) {
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " address \"", address, "\" ", why, " (expected HOST:PORT or [IPV6]:PORT)"));
  };
  ListenAddress parsed;
  absl::string_view port;
  if (!address.empty() && address.front() == '[') {
    const size_t close = address.find(']');
    if (close == absl::string_view::npos) return bad("has an unclosed '['");
    parsed.host = std::string(address.substr(1, close - 1));
    if (close + 1 >= address.size() || address[close + 1] != ':') return bad("has no port");
    port = address.substr(close + 2);
  } else {
    const size_t colon = address.rfind(':');
    if (colon == absl::string_view::npos) return bad("has no port");
    parsed.host = std::string(address.substr(0, colon));
    if (parsed.host.find(':') != std::string::npos) return bad("needs brackets around an IPv6 host");
    port = address.substr(colon + 1);
  }
  if (parsed.host.empty()) return bad("has no host");
  if (port.empty() || !absl::SimpleAtoi(port, &parsed.port) || parsed.port < 0 ||
      parsed.port > 65535 || port.find_first_not_of("0123456789") != absl::string_view::npos) {
    return bad("has a port outside 0..65535");
  }
  return parsed;
}

absl::Status CheckCanListen(const ListenAddress& address, absl::string_view what) {
  const auto fail = [&](std::string reason) {
    // strerror capitalizes: "Address already in use".
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", address.ToString(), " (", what, "): ", reason));
  };
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = absl::StrCat(address.port);
  if (const int error = getaddrinfo(address.host.c_str(), service.c_str(), &hints, &found);
      error != 0) {
    return fail(gai_strerror(error));
  }
  // Like gRPC, a name that resolves to several addresses is listened on
  // wherever it can be; a port in use anywhere is an error.
  std::string in_use, other;
  bool bound = false;
  for (const addrinfo* a = found; a != nullptr && address.port != 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    // gRPC and the metrics server set SO_REUSEADDR too: connections in
    // TIME_WAIT do not make the port look taken, a listener does.
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0) {
      bound = true;
    } else {
      (errno == EADDRINUSE ? in_use : other) = std::strerror(errno);
    }
    close(fd);
  }
  absl::Status status;
  if (!in_use.empty()) {
    status = fail(in_use);
  } else if (!bound && !other.empty()) {
    status = fail(other);
  }
  freeaddrinfo(found);
  return status;
}

}  // namespace factd
