// The `bargain` executable: everything lives in BargainCLI.

import BargainCLI
import Foundation

let result = CLI.run(CommandLine.arguments)
FileHandle.standardOutput.write(Data(result.stdout.utf8))
FileHandle.standardError.write(Data(result.stderr.utf8))
exit(result.exitCode)
