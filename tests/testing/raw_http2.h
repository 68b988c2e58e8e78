// A deliberately misbehaving gRPC client, written at the HTTP/2 frame level:
// it opens one call whose message header announces `announced` bytes and
// then sends body data as fast as flow control lets it, to see where the
// server refuses. No library client can be made to do this.
//
//   RawCallOutcome o = SendAnnouncedMessage(port, uint32_t{2} << 30, 512 << 20);
//   EXPECT_TRUE(o.refused);
//
// Not thread-safe; blocks until the server refuses, `max_send` bytes are
// sent, or `timeout` passes.
#ifndef FACTD_TESTS_TESTING_RAW_HTTP2_H_
#define FACTD_TESTS_TESTING_RAW_HTTP2_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace factd::testing {

struct RawCallOutcome {
  size_t sent = 0;      // message bytes (header included) sent
  bool refused = false; // RST_STREAM, GOAWAY, trailers or a closed connection
  std::string how;      // what the server did
};

RawCallOutcome SendAnnouncedMessage(int port, uint32_t announced, size_t max_send,
                                    absl::Duration timeout = absl::Seconds(30));

}  // namespace factd::testing

#endif  // FACTD_TESTS_TESTING_RAW_HTTP2_H_
