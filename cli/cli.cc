#include "cli/cli.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include "absl/strings/string_view.h"

#include "absl/flags/commandlineflag.h"
#include "absl/flags/internal/parse.h"
#include "absl/flags/internal/usage.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace factd::cli {
namespace {

// Abseil's own usage flags, which are not registered like the others.
bool IsUsageFlag(absl::string_view name) {
  for (const char* usage : {"help", "helpfull", "helpshort", "helppackage", "helpon",
                            "helpmatch", "version", "only_check_args"}) {
    if (name == usage) return true;
  }
  return false;
}

// Checks every flag of argv as Abseil will parse it: known, with a value
// when it needs one, and a value that parses. The first problem, or "".
std::string FirstUsageProblem(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;  // positional, or "-"
    arg.remove_prefix(arg[1] == '-' ? 2 : 1);
    const size_t equals = arg.find('=');
    const absl::string_view name = arg.substr(0, equals);
    if (IsUsageFlag(name)) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr && absl::StartsWith(name, "no")) {
      flag = absl::FindCommandLineFlag(name.substr(2));
      if (flag != nullptr && !flag->IsOfType<bool>()) flag = nullptr;
      if (flag != nullptr && equals == absl::string_view::npos) continue;  // --noreflection
    }
    if (flag == nullptr || flag->IsRetired()) return absl::StrCat("unknown flag --", name);
    std::string value;
    if (equals != absl::string_view::npos) {
      value = std::string(arg.substr(equals + 1));
    } else if (flag->IsOfType<bool>()) {
      continue;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return absl::StrCat("flag --", name, " needs a value");
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::StrCat("bad value \"", value, "\" for --", name, ": ", error);
    }
  }
  return "";
}

}  // namespace

std::vector<char*> ParseCommandLine(int argc, char** argv, const Program& program) {
  absl::FlagsUsageConfig config;
  const std::string source = program.flags_source;
  config.contains_help_flags = [source](absl::string_view path) {
    return absl::EndsWith(path, source);
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  const std::string version = absl::StrCat(program.name, " ", program.version, "\n");
  config.version_string = [version] { return version; };
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(program.usage);

  if (const std::string problem = FirstUsageProblem(argc, argv); !problem.empty()) {
    UsageError(program, problem + " (see --help)");
  }
  std::vector<char*> positional = absl::flags_internal::ParseCommandLineImpl(
      argc, argv, absl::flags_internal::ArgvListAction::kRemoveParsedArgs,
      absl::flags_internal::UsageFlagsAction::kIgnoreUsage,
      absl::flags_internal::OnUndefinedFlag::kAbortIfUndefined);
  if (absl::flags_internal::HandleUsageFlags(std::cout, absl::ProgramUsageMessage()) != -1) {
    std::cout.flush();
    std::exit(0);
  }
  return positional;
}

void UsageError(const Program& program, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program.name.c_str(), message.c_str());
  std::exit(2);
}

}  // namespace factd::cli
