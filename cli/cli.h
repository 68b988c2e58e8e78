// Command-line parsing shared by factd and factctl, on Abseil flags, with
// the exit statuses their users expect: --help and --version print and exit
// 0; an unknown flag, a flag without its value or a value that does not
// parse prints one line naming it and exits 2 (usage), where Abseil alone
// would exit 1.
//
//   int main(int argc, char** argv) {
//     std::vector<char*> args = factd::cli::ParseCommandLine(
//         argc, argv, {"factd", "service/main.cc", kUsage, FACTD_VERSION});
//
// Call once, from main, before threads start.
#ifndef FACTD_CLI_CLI_H_
#define FACTD_CLI_CLI_H_

#include <string>
#include <vector>

namespace factd::cli {

struct Program {
  std::string name;          // "factd": the prefix of messages, and --version
  std::string flags_source;  // "service/main.cc": --help lists flags defined there
  std::string usage;         // the usage text --help prints first
  std::string version;       // "0.1.0"
};

// Parses argv into the Abseil flags and returns the positional arguments
// (argv[0] first). Exits 0 after --help or --version, 2 after a usage error.
std::vector<char*> ParseCommandLine(int argc, char** argv, const Program& program);

// Prints "NAME: message" on stderr and exits 2: a usage error found after
// parsing (a flag's value out of range).
[[noreturn]] void UsageError(const Program& program, const std::string& message);

}  // namespace factd::cli

#endif  // FACTD_CLI_CLI_H_
