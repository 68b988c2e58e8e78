#include "service/metrics_http.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace factd {
namespace {

// Longest request head read; a longer one is answered 431 and closed.
constexpr size_t kMaxRequestBytes = 8 << 10;

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int PortOf(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return 0;
  if (bound.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

std::string Response(const std::string& status, const std::string& type, const std::string& body) {
  return absl::StrCat("HTTP/1.1 ", status, "\r\nContent-Type: ", type,
                      "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n\r\n", body);
}

struct Connection {
  int fd;
  absl::Time opened;
  std::string request;
  std::string response;  // set once the request is read
  size_t written = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const ListenAddress& address, std::function<std::string()> render) {
  std::unique_ptr<MetricsHttpServer> server(new MetricsHttpServer());
  server->render_ = std::move(render);
  const auto fail = [&](std::string reason) {
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", address.ToString(), " (metrics): ", reason));
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
  std::string last_error = "no address to listen on";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (a->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    // Every address of the host shares the port the first one got.
    if (server->port_ != 0) {
      auto* in = reinterpret_cast<sockaddr_in*>(a->ai_addr);
      auto* in6 = reinterpret_cast<sockaddr_in6*>(a->ai_addr);
      if (a->ai_family == AF_INET6) {
        in6->sin6_port = htons(static_cast<uint16_t>(server->port_));
      } else {
        in->sin_port = htons(static_cast<uint16_t>(server->port_));
      }
    }
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 64) != 0) {
      last_error = std::strerror(errno);
      close(fd);
      continue;
    }
    SetNonBlocking(fd);
    server->port_ = PortOf(fd);
    server->listeners_.push_back(fd);
  }
  freeaddrinfo(found);
  if (server->listeners_.empty()) return fail(last_error);
  if (pipe2(server->wake_, O_CLOEXEC) != 0) return fail(std::strerror(errno));
  server->thread_ = std::thread([s = server.get()] { s->Serve(); });
  return server;
}

MetricsHttpServer::~MetricsHttpServer() {
  if (thread_.joinable()) {
    const char stop = 0;
    (void)!write(wake_[1], &stop, 1);
    thread_.join();
  }
  for (int fd : listeners_) close(fd);
  for (int fd : wake_) {
    if (fd >= 0) close(fd);
  }
}

void MetricsHttpServer::Serve() {
  std::vector<Connection> connections;
  for (;;) {
    std::vector<pollfd> polled;
    polled.push_back({wake_[0], POLLIN, 0});
    for (int fd : listeners_) polled.push_back({fd, POLLIN, 0});
    for (const Connection& c : connections) {
      polled.push_back({c.fd, static_cast<short>(c.response.empty() ? POLLIN : POLLOUT), 0});
    }
    // Wake at least every tenth of the timeout to close idle connections.
    poll(polled.data(), polled.size(),
         static_cast<int>(absl::ToInt64Milliseconds(kRequestTimeout / 10)));
    if (polled[0].revents != 0) break;
    for (size_t l = 0; l < listeners_.size(); ++l) {
      if ((polled[1 + l].revents & POLLIN) == 0) continue;
      for (int fd; (fd = accept4(listeners_[l], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
        if (connections.size() >= kMaxConnections) {
          close(fd);
          continue;
        }
        connections.push_back({fd, absl::Now(), "", "", 0});
      }
    }
    const size_t first = 1 + listeners_.size();
    const absl::Time now = absl::Now();
    for (size_t i = 0; i < connections.size(); ++i) {
      Connection& c = connections[i];
      const short events = i + first < polled.size() && polled[i + first].fd == c.fd
                               ? polled[i + first].revents
                               : 0;
      bool done = now - c.opened > kRequestTimeout;
      if (!done && c.response.empty() && (events & (POLLIN | POLLHUP | POLLERR))) {
        char buffer[2048];
        const ssize_t n = read(c.fd, buffer, sizeof buffer);
        if (n <= 0) {
          done = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        } else {
          c.request.append(buffer, static_cast<size_t>(n));
          if (c.request.find("\r\n\r\n") != std::string::npos ||
              c.request.find("\n\n") != std::string::npos) {
            const bool get = absl::StartsWith(c.request, "GET ");
            const size_t path_end = c.request.find(' ', 4);
            const std::string path = get ? c.request.substr(4, path_end - 4) : "";
            if (!get) {
              c.response = Response("405 Method Not Allowed", "text/plain", "only GET\n");
            } else if (path == "/metrics" || absl::StartsWith(path, "/metrics?")) {
              c.response = Response("200 OK", "text/plain; version=0.0.4; charset=utf-8", render_());
            } else {
              c.response = Response("404 Not Found", "text/plain", "metrics are at /metrics\n");
            }
          } else if (c.request.size() > kMaxRequestBytes) {
            c.response = Response("431 Request Header Fields Too Large", "text/plain", "");
          }
        }
      }
      if (!done && !c.response.empty() && (events & POLLOUT)) {
        const ssize_t n = write(c.fd, c.response.data() + c.written, c.response.size() - c.written);
        if (n > 0) c.written += static_cast<size_t>(n);
        done = n < 0 ? (errno != EAGAIN && errno != EWOULDBLOCK) : c.written == c.response.size();
      }
      if (done) {
        close(c.fd);
        c.fd = -1;
      }
    }
    connections.erase(std::remove_if(connections.begin(), connections.end(),
                                     [](const Connection& c) { return c.fd < 0; }),
                      connections.end());
  }
  for (const Connection& c : connections) close(c.fd);
}

}  // namespace factd
