#include "service/tls_files.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "openssl/err.h"
#include "openssl/ssl.h"

namespace factd {
namespace {

// The reason of OpenSSL's latest error, or a generic one.
std::string LastError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unreadable or not PEM";
}

}  // namespace

absl::Status CheckTlsFiles(const std::string& cert_file, const std::string& key_file,
                           const std::string& ca_file) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_method()),
                                                            &SSL_CTX_free);
  if (context == nullptr) return absl::InternalError("OpenSSL cannot make a TLS context");
  const auto bad = [](const char* flag, const std::string& file, const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " ", file, ": ", why));
  };
  if (SSL_CTX_use_certificate_chain_file(context.get(), cert_file.c_str()) != 1) {
    return bad("tls_cert", cert_file, LastError());
  }
  if (SSL_CTX_use_PrivateKey_file(context.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return bad("tls_key", key_file, LastError());
  }
  if (SSL_CTX_check_private_key(context.get()) != 1) {
    return bad("tls_key", key_file, absl::StrCat("is not the key of ", cert_file));
  }
  if (!ca_file.empty() &&
      SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr) != 1) {
    return bad("tls_client_ca", ca_file, LastError());
  }
  return absl::OkStatus();
}

}  // namespace factd
