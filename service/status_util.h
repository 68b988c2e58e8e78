// The one place where absl::Status becomes a gRPC status, on the call or
// in-band (factd.v1.Status). Thread-safe (pure functions).
#ifndef FACTD_SERVICE_STATUS_UTIL_H_
#define FACTD_SERVICE_STATUS_UTIL_H_

#include "absl/status/status.h"
#include "factd/v1/factd.pb.h"
#include "grpcpp/support/status.h"

namespace factd {

// absl and gRPC share the canonical code numbers; the message is kept.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Fills an in-band status from `status`.
void ToProtoStatus(const absl::Status& status, v1::Status* out);

}  // namespace factd

#endif  // FACTD_SERVICE_STATUS_UTIL_H_
