// Many replicas behind one name: a real DNS server (dnsmasq on loopback, an
// unprivileged port, a hosts file it reads again on SIGHUP) answers
// factd.test with three factd replicas on 127.0.0.2-4, and factctl submits
// a few thousand documents to dns://127.0.0.1:PORT/factd.test:PORT while one
// replica is killed, another drains, and a fourth is added. Every replica
// gets a fair share while it is up, the added one gets work, and every
// document is answered exactly once with a summary. The same runs over an
// ipv4: list.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "factd/v1/factd.pb.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::CommandResult;
using ::factd::testing::FactdProcess;
using ::factd::testing::Metric;
using ::factd::testing::WaitFor;

constexpr int kDocuments = 3000;

// A TCP port free on 127.0.0.1 now (the replicas use it on 127.0.0.2-5).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// dnsmasq answering from one hosts file, on 127.0.0.1:port (UDP).
class Dns {
 public:
  explicit Dns(const std::string& hosts) : hosts_(hosts) {
    port_ = FreePort();
    const std::string log = testing::MakeTempDir("dns") + "/log";
    pid_ = fork();
    if (pid_ == 0) {
      const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, 1);
      dup2(out, 2);
      const std::string port = absl::StrCat("--port=", port_);
      const std::string file = absl::StrCat("--addn-hosts=", hosts_);
      execl("/usr/sbin/dnsmasq", "dnsmasq", "--keep-in-foreground", port.c_str(),
            "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
            file.c_str(), "--user=root", "--pid-file=", "--log-facility=-", "--local-ttl=0",
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Dns() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  int port() const { return port_; }
  void Reload() { kill(pid_, SIGHUP); }

 private:
  std::string hosts_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A replica on 127.0.0.N:port: one worker, a few milliseconds per document
// (so the run lasts while replicas come and go), connections aged out
// every second (so clients resolve the name again).
std::unique_ptr<FactdProcess> Replica(int n, int port) {
  auto replica = FactdProcess::Start(
      {absl::StrCat("--address=127.0.0.", n, ":", port), "--workers=1", "--max_connection_age=1s",
       "--max_connection_age_grace=10s", "--grace_period=5s", "--debug_delay_per_document=3ms"});
  EXPECT_TRUE(replica.ok()) << replica.status();
  return replica.ok() ? *std::move(replica) : nullptr;
}

double Served(const FactdProcess& replica) {
  return Metric(replica, "factd_documents_total{code=\"OK\"}");
}

// A JSONL file of kDocuments short articles.
std::string Documents() {
  const std::string path = testing::MakeTempDir("replicas") + "/docs.jsonl";
  std::ofstream out(path);
  for (int i = 0; i < kDocuments; ++i) {
    out << R"({"id":"doc-)" << i << R"(","content":"Vietnam sent )" << (i % 900 + 100)
        << R"( officers to South Sudan in 2023.\nThey stay a year."})" << "\n";
  }
  return path;
}

size_t LinesIn(const std::string& path) {
  std::ifstream in(path);
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

// Every id of the run answered exactly once, with a summary.
void ExpectEachAnsweredOnce(const std::string& out) {
  std::ifstream in(out);
  std::map<std::string, int> answers;
  int errors = 0;
  for (std::string line; std::getline(in, line);) {
    v1::ExtractResponse response;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &response).ok()) << line;
    ++answers[response.document_id()];
    errors += response.has_error();
  }
  EXPECT_EQ(answers.size(), static_cast<size_t>(kDocuments));
  EXPECT_EQ(errors, 0);
  for (const auto& [id, count] : answers) EXPECT_EQ(count, 1) << id;
}

// Each share within 30% of a fair one.
void ExpectFair(const std::vector<double>& served) {
  double total = 0;
  for (double s : served) total += s;
  ASSERT_GT(total, 0);
  for (double s : served) {
    EXPECT_GE(s, 0.7 * total / served.size()) << absl::StrJoin(served, ", ");
    EXPECT_LE(s, 1.3 * total / served.size()) << absl::StrJoin(served, ", ");
  }
}

TEST(Replicas, DnsNameFollowsReplicasThatDieDrainAndAppear) {
  const int port = FreePort();
  const std::string hosts = testing::MakeTempDir("hosts") + "/hosts";
  {
    std::ofstream h(hosts);
    for (int n : {2, 3, 4}) h << "127.0.0." << n << " factd.test\n";
  }
  Dns dns(hosts);
  std::vector<std::unique_ptr<FactdProcess>> replicas;
  for (int n : {2, 3, 4}) replicas.push_back(Replica(n, port));
  for (const auto& r : replicas) ASSERT_NE(r, nullptr);

  const std::string input = Documents();
  const std::string out = testing::MakeTempDir("replicas-out") + "/out.jsonl";
  CommandResult result;
  std::thread submit([&] {
    result = testing::RunCommand({testing::FactctlBinary(), "submit",
                                  absl::StrCat("--target=dns://127.0.0.1:", dns.port(), "/factd.test:", port),
                                  "--out=" + out, input});
  });

  // (a) While all three are up, each gets a fair share.
  // (Failures below are EXPECTs: the submit thread is always joined.)
  EXPECT_TRUE(WaitFor([&] { return LinesIn(out) >= kDocuments / 5; }));
  ExpectFair({Served(*replicas[0]), Served(*replicas[1]), Served(*replicas[2])});
  // (b) One dies without a word; (c) another drains.
  replicas[0]->Signal(SIGKILL);
  EXPECT_TRUE(WaitFor([&] { return LinesIn(out) >= kDocuments * 2 / 5; }));
  replicas[1]->Signal(SIGTERM);
  // (d) A fourth is added to the name and gets work before the end.
  replicas.push_back(Replica(5, port));
  {
    std::ofstream h(hosts, std::ios::app);
    h << "127.0.0.5 factd.test\n";
  }
  dns.Reload();
  const bool added = replicas.back() != nullptr;
  EXPECT_TRUE(WaitFor([&] { return !added || Served(*replicas.back()) > 0 || LinesIn(out) >= kDocuments; }));
  const double before_end = added ? Served(*replicas.back()) : 0;
  submit.join();
  EXPECT_GT(before_end, 0) << "the added replica got no document before the end";
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ExpectEachAnsweredOnce(out);
}

TEST(Replicas, Ipv4ListSpreadsAndSurvivesADeath) {
  const int port = FreePort();
  std::vector<std::unique_ptr<FactdProcess>> replicas;
  for (int n : {2, 3, 4}) replicas.push_back(Replica(n, port));
  for (const auto& r : replicas) ASSERT_NE(r, nullptr);
  const std::string input = Documents();
  const std::string out = testing::MakeTempDir("replicas-out") + "/out.jsonl";
  CommandResult result;
  std::thread submit([&] {
    result = testing::RunCommand(
        {testing::FactctlBinary(), "submit",
         absl::StrCat("--target=ipv4:127.0.0.2:", port, ",127.0.0.3:", port, ",127.0.0.4:", port),
         "--out=" + out, input});
  });
  EXPECT_TRUE(WaitFor([&] { return LinesIn(out) >= kDocuments / 4; }));
  ExpectFair({Served(*replicas[0]), Served(*replicas[1]), Served(*replicas[2])});
  replicas[2]->Signal(SIGKILL);
  submit.join();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ExpectEachAnsweredOnce(out);
}

}  // namespace
}  // namespace factd
