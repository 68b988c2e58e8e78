// TLS and mutual TLS on factd and factctl, with certificates made by the
// openssl command at test time: two CAs, a server certificate for
// 127.0.0.1, and a client certificate from each CA.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "factd/v1/factd.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::CommandResult;
using ::factd::testing::FactdProcess;
using ::factd::testing::IsOk;
using ::factd::testing::ReadFile;
using ::factd::testing::RunCommand;
using ::factd::testing::WaitFor;
using ::testing::HasSubstr;

// Runs openssl with `args`; fails the test when it fails.
void OpenSsl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  const CommandResult result = RunCommand(argv);
  ASSERT_EQ(result.exit_code, 0) << absl::StrJoin(args, " ") << ": " << result.err;
}

// A CA, and certificates it signs, in one directory.
class Pki {
 public:
  explicit Pki(const std::string& dir) : dir_(dir) {}

  void MakeCa(const std::string& name) {
    OpenSsl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", Key(name), "-out", Pem(name), "-days", "2", "-subj", "/CN=" + name});
  }

  // A certificate for `name` signed by `ca`; for a server, valid for
  // 127.0.0.1 and localhost.
  void MakeSigned(const std::string& name, const std::string& ca, bool server) {
    OpenSsl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", Key(name), "-out", Path(name + ".csr"), "-subj", "/CN=" + name});
    const std::string extensions = Path(name + ".ext");
    std::FILE* f = std::fopen(extensions.c_str(), "w");
    std::fputs(server ? "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                      : "extendedKeyUsage=clientAuth\n",
               f);
    std::fclose(f);
    OpenSsl({"x509", "-req", "-in", Path(name + ".csr"), "-CA", Pem(ca), "-CAkey", Key(ca),
             "-CAcreateserial", "-out", Pem(name), "-days", "2", "-extfile", extensions});
  }

  std::string Path(const std::string& file) const { return dir_ + "/" + file; }
  std::string Pem(const std::string& name) const { return Path(name + ".pem"); }
  std::string Key(const std::string& name) const { return Path(name + ".key"); }

 private:
  std::string dir_;
};

class FactdTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("pki");
    pki_ = std::make_unique<Pki>(dir_);
    pki_->MakeCa("ca");
    pki_->MakeCa("other-ca");
    pki_->MakeSigned("server", "ca", true);
    pki_->MakeSigned("client", "ca", false);
    pki_->MakeSigned("stranger", "other-ca", false);
    pki_->MakeSigned("server-from-other-ca", "other-ca", true);
  }

  // A channel to `server` trusting `ca`, presenting `client`'s certificate
  // when given.
  std::shared_ptr<grpc::Channel> TlsChannel(const FactdProcess& server, const std::string& ca,
                                            const std::string& client = "") const {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = ReadFile(pki_->Pem(ca));
    if (!client.empty()) {
      options.pem_cert_chain = ReadFile(pki_->Pem(client));
      options.pem_private_key = ReadFile(pki_->Key(client));
    }
    return grpc::CreateChannel(server.address(), grpc::SslCredentials(options));
  }

  static grpc::Status Info(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::FactService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    v1::ServerInfo info;
    return stub->GetServerInfo(&context, {}, &info);
  }

  std::vector<std::string> ServerTlsFlags() const {
    return {"--tls_cert=" + pki_->Pem("server"), "--tls_key=" + pki_->Key("server")};
  }

  std::string dir_;
  std::unique_ptr<Pki> pki_;
};

TEST_F(FactdTls, ServesClientsThatTrustItsCa) {
  auto server = FactdProcess::Start(ServerTlsFlags());
  ASSERT_THAT(server, IsOk());
  EXPECT_THAT(Info(TlsChannel(**server, "ca")), IsOk());
  EXPECT_FALSE(Info(TlsChannel(**server, "other-ca")).ok());
  const CommandResult factctl = RunCommand({testing::FactctlBinary(), "info",
                                            "--target=" + (*server)->address(),
                                            "--tls_ca=" + pki_->Pem("ca")});
  EXPECT_EQ(factctl.exit_code, 0) << factctl.err;
  EXPECT_THAT(factctl.out, HasSubstr("\"version\""));
}

TEST_F(FactdTls, PlaintextIsRefusedOnATlsPort) {
  auto server = FactdProcess::Start(ServerTlsFlags());
  ASSERT_THAT(server, IsOk());
  const grpc::Status status =
      Info(grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE);
}

TEST_F(FactdTls, MutualTlsRequiresAClientCertificateFromItsCa) {
  std::vector<std::string> flags = ServerTlsFlags();
  flags.push_back("--tls_client_ca=" + pki_->Pem("ca"));
  auto server = FactdProcess::Start(flags);
  ASSERT_THAT(server, IsOk());
  EXPECT_THAT(Info(TlsChannel(**server, "ca", "client")), IsOk());
  EXPECT_FALSE(Info(TlsChannel(**server, "ca")).ok()) << "no client certificate";
  EXPECT_FALSE(Info(TlsChannel(**server, "ca", "stranger")).ok()) << "signed by another CA";
  const std::string address = "--target=" + (*server)->address();
  const CommandResult with = RunCommand(
      {testing::FactctlBinary(), "submit", address, "--tls_ca=" + pki_->Pem("ca"),
       "--tls_cert=" + pki_->Pem("client"), "--tls_key=" + pki_->Key("client"),
       testing::SeedsDir() + "/004_6de5c664f59d8edc.txt"});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_THAT(with.err, HasSubstr("succeeded: 1"));
  const CommandResult without = RunCommand({testing::FactctlBinary(), "info", address,
                                            "--tls_ca=" + pki_->Pem("ca"), "--deadline=5s"});
  EXPECT_EQ(without.exit_code, 1);
}

// Renewed certificates are served without a restart: once the files hold
// a certificate from another CA, clients trusting that CA get in.
TEST_F(FactdTls, CertificatesAreReloadedWhenTheFilesChange) {
  const std::string cert = dir_ + "/live.pem";
  const std::string key = dir_ + "/live.key";
  std::filesystem::copy_file(pki_->Pem("server"), cert);
  std::filesystem::copy_file(pki_->Key("server"), key);
  auto server = FactdProcess::Start(
      {"--tls_cert=" + cert, "--tls_key=" + key, "--tls_reload_interval=1s"});
  ASSERT_THAT(server, IsOk());
  ASSERT_THAT(Info(TlsChannel(**server, "ca")), IsOk());
  // Key and certificate replaced as a pair, each by a rename.
  std::filesystem::copy_file(pki_->Key("server-from-other-ca"), key + ".new");
  std::filesystem::copy_file(pki_->Pem("server-from-other-ca"), cert + ".new");
  std::filesystem::rename(key + ".new", key);
  std::filesystem::rename(cert + ".new", cert);
  EXPECT_TRUE(WaitFor([&] { return Info(TlsChannel(**server, "other-ca")).ok(); }));
}

TEST_F(FactdTls, UnusableFilesStopTheStartWithTheFileNamed) {
  const CommandResult mismatched = RunCommand(
      {testing::FactdBinary(), "--metrics_port=-1", "--address=127.0.0.1:0",
       "--tls_cert=" + pki_->Pem("server"), "--tls_key=" + pki_->Key("client")});
  EXPECT_EQ(mismatched.exit_code, 2);
  EXPECT_THAT(mismatched.err, HasSubstr("tls_key " + pki_->Key("client") + ": "));
  const CommandResult not_pem = RunCommand(
      {testing::FactdBinary(), "--metrics_port=-1", "--address=127.0.0.1:0",
       "--tls_cert=" + pki_->Pem("server"), "--tls_key=" + pki_->Key("server"),
       "--tls_client_ca=" + pki_->Path("server.ext")});
  EXPECT_EQ(not_pem.exit_code, 2);
  EXPECT_THAT(not_pem.err, HasSubstr("tls_client_ca " + pki_->Path("server.ext")));
}

}  // namespace
}  // namespace factd
