// MetricsHttpServer: the small HTTP/1.x endpoint that serves factd's
// Prometheus metrics (GET /metrics). One thread runs a poll() loop over the
// listening sockets and the open connections, so a client that connects and
// sends nothing holds no thread: it is dropped after kRequestTimeout while
// scrapes from others are answered. Listens on IPv4 and IPv6 alike.
//
// Written here rather than taken from prometheus-cpp's Exposer because
// Debian's civetweb, which the Exposer runs on, is built without IPv6 and
// gives every connection a thread of a small pool (two idle connections
// stopped it answering).
//
//   auto http = factd::MetricsHttpServer::Start(address, [&] { return Render(); });
//   int port = (*http)->port();
//
// Thread-safe; `render` is called on the server's thread.
#ifndef FACTD_SERVICE_METRICS_HTTP_H_
#define FACTD_SERVICE_METRICS_HTTP_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/address.h"

namespace factd {

class MetricsHttpServer {
 public:
  // A connection that has not sent its whole request by then is closed.
  static constexpr absl::Duration kRequestTimeout = absl::Seconds(2);
  // Connections open at once; further ones are closed at once.
  static constexpr size_t kMaxConnections = 64;

  // Binds `address` (every address its host resolves to; port 0 picks a
  // free one) and starts serving `render()` at /metrics. UNAVAILABLE
  // "cannot listen on ADDRESS (metrics): REASON" when no address binds.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const ListenAddress& address, std::function<std::string()> render);

  // Stops the thread and closes every socket.
  ~MetricsHttpServer();

  int port() const { return port_; }

 private:
  MetricsHttpServer() = default;
  void Serve();

  std::function<std::string()> render_;
  std::vector<int> listeners_;
  int wake_[2] = {-1, -1};  // a byte on wake_[1] stops Serve()
  int port_ = 0;
  std::thread thread_;
};

}  // namespace factd

#endif  // FACTD_SERVICE_METRICS_HTTP_H_
