// How factctl reaches factd: plaintext or TLS (optionally with a client
// certificate for mutual TLS), and the largest answer it accepts.
//
//   factd::client::ChannelOptions options;
//   options.tls_ca_file = "ca.pem";
//   auto channel = factd::client::MakeChannel("factd.example:50051", options);
//
// Thread-safe (the files are read when the channel is made).
#ifndef FACTD_CLIENT_CHANNEL_H_
#define FACTD_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace factd::client {

struct ChannelOptions {
  // PEM CA bundle that signs the server's certificate: connect with TLS.
  // Empty: plaintext (unless a client certificate is given, then TLS with
  // the system's roots).
  std::string tls_ca_file;
  // PEM client certificate chain and key, for servers that require one.
  std::string tls_cert_file;
  std::string tls_key_file;
  // The name the server's certificate must hold, when it is not the
  // target's host.
  std::string tls_server_name;
  // Largest response accepted, in bytes (gRPC's default is 4 MiB; a summary
  // of a large document can be bigger).
  int max_receive_bytes = 64 << 20;

  bool tls() const { return !tls_ca_file.empty() || !tls_cert_file.empty(); }
};

// A channel to `target` with `options` applied over `args`.
// INVALID_ARGUMENT naming the flag and file when a TLS file cannot be read
// or only one of certificate and key is given.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const std::string& target, const ChannelOptions& options,
    grpc::ChannelArguments args = grpc::ChannelArguments());

}  // namespace factd::client

#endif  // FACTD_CLIENT_CHANNEL_H_
