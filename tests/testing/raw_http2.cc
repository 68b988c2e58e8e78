#include "tests/testing/raw_http2.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace factd::testing {
namespace {

enum FrameType : uint8_t { kData = 0, kHeaders = 1, kRstStream = 3, kSettings = 4, kPing = 6,
                           kGoaway = 7, kWindowUpdate = 8 };

uint32_t Read32(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
         (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

std::string Frame(uint8_t type, uint8_t flags, uint32_t stream, const std::string& payload) {
  const uint32_t length = static_cast<uint32_t>(payload.size());
  std::string frame = {char(length >> 16), char(length >> 8), char(length), char(type),
                       char(flags),        char(stream >> 24), char(stream >> 16),
                       char(stream >> 8),  char(stream)};
  return frame + payload;
}

// An HPACK literal header field without indexing, new name, no Huffman.
std::string Literal(const std::string& name, const std::string& value) {
  return std::string(1, '\0') + char(name.size()) + name + char(value.size()) + value;
}

bool WriteAll(int fd, const std::string& data) {
  for (size_t done = 0; done < data.size();) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

RawCallOutcome SendAnnouncedMessage(int port, uint32_t announced, size_t max_send,
                                    absl::Duration timeout) {
  RawCallOutcome outcome;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    outcome.how = "cannot connect";
    return outcome;
  }
  const std::string headers =
      Literal(":method", "POST") + Literal(":scheme", "http") +
      Literal(":path", "/factd.v1.FactService/Extract") + Literal(":authority", "localhost") +
      Literal("content-type", "application/grpc") + Literal("te", "trailers");
  const std::string message_header = {0, char(announced >> 24), char(announced >> 16),
                                      char(announced >> 8), char(announced)};
  WriteAll(fd, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + Frame(kSettings, 0, 0, "") +
                   Frame(kHeaders, 4, 1, headers) + Frame(kData, 0, 1, message_header));
  outcome.sent = message_header.size();
  // HTTP/2's initial windows, less what the message header used.
  int64_t connection_window = 65535 - 5;
  int64_t stream_window = 65535 - 5;
  const std::string chunk(16384, 'a');
  std::string in;
  const absl::Time until = absl::Now() + timeout;
  while (!outcome.refused && absl::Now() < until) {
    const bool can_send = connection_window > 0 && stream_window > 0 && outcome.sent < max_send;
    pollfd p{fd, static_cast<short>(POLLIN | (can_send ? POLLOUT : 0)), 0};
    poll(&p, 1, 100);
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[65536];
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0) {
        outcome.refused = true;
        outcome.how = "connection closed";
        break;
      }
      in.append(buffer, static_cast<size_t>(n));
      while (in.size() >= 9) {
        const uint32_t length = (uint32_t(uint8_t(in[0])) << 16) |
                                (uint32_t(uint8_t(in[1])) << 8) | uint32_t(uint8_t(in[2]));
        if (in.size() < 9 + length) break;
        const uint8_t type = uint8_t(in[3]);
        const uint8_t flags = uint8_t(in[4]);
        const uint32_t stream = Read32(in, 5) & 0x7fffffff;
        const std::string payload = in.substr(9, length);
        in.erase(0, 9 + length);
        if (type == kSettings && !(flags & 1)) {
          WriteAll(fd, Frame(kSettings, 1, 0, ""));
        } else if (type == kPing && !(flags & 1)) {
          WriteAll(fd, Frame(kPing, 1, 0, payload));
        } else if (type == kWindowUpdate && payload.size() >= 4) {
          (stream == 0 ? connection_window : stream_window) += Read32(payload, 0) & 0x7fffffff;
        } else if (type == kRstStream) {
          outcome.refused = true;
          outcome.how = absl::StrCat("RST_STREAM ", Read32(payload, 0));
        } else if (type == kGoaway && payload.size() >= 8) {
          outcome.refused = true;
          outcome.how = absl::StrCat("GOAWAY ", Read32(payload, 4));
        } else if (type == kHeaders && (flags & 1)) {
          outcome.refused = true;
          outcome.how = "trailers";
        }
      }
    }
    if ((p.revents & POLLOUT) && can_send) {
      const size_t n = static_cast<size_t>(std::min<int64_t>(
          {static_cast<int64_t>(chunk.size()), connection_window, stream_window,
           static_cast<int64_t>(max_send - outcome.sent)}));
      if (!WriteAll(fd, Frame(kData, 0, 1, chunk.substr(0, n)))) continue;
      outcome.sent += n;
      connection_window -= static_cast<int64_t>(n);
      stream_window -= static_cast<int64_t>(n);
    }
  }
  if (!outcome.refused) outcome.how = "not refused";
  close(fd);
  return outcome;
}

}  // namespace factd::testing
