// The `bargain` executable: everything lives in BargainCLI.

import BargainCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

exit(CLI.main(CommandLine.arguments))
