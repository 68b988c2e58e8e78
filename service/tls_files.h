// Checks the PEM files of factd's TLS configuration up front, with OpenSSL
// (which gRPC uses too), so a wrong path, a key that does not belong to the
// certificate or a file that is not PEM stops the start with a message that
// names the file, instead of failing every handshake later.
//
//   absl::Status s = factd::CheckTlsFiles("server.pem", "server.key", "clients-ca.pem");
//
// Thread-safe.
#ifndef FACTD_SERVICE_TLS_FILES_H_
#define FACTD_SERVICE_TLS_FILES_H_

#include <string>

#include "absl/status/status.h"

namespace factd {

// OK when `cert_file` holds a PEM certificate chain, `key_file` its private
// key, and `ca_file` (when not empty) PEM CA certificates. INVALID_ARGUMENT
// naming the flag, the file and what is wrong otherwise.
absl::Status CheckTlsFiles(const std::string& cert_file, const std::string& key_file,
                           const std::string& ca_file);

}  // namespace factd

#endif  // FACTD_SERVICE_TLS_FILES_H_
