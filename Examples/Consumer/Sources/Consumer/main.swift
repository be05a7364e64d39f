// Plays a population given on the command line and prints, per agent, its mean payoff as row,
// then the equilibria: everything read from Swift values.
import BargainKit
import Foundation

let inputs = Array(CommandLine.arguments.dropFirst())
do {
  let population = try Population.load(inputs)
  let result = population.tournament(TournamentOptions(jobs: 2))
  for (row, name) in population.names.enumerated() {
    var total = Fraction.zero
    for column in population.agents.indices {
      if let played = result.cell(row, column).result { total += played.payoffs[0] }
    }
    let mean = total.divided(by: Fraction(population.agents.count)) ?? .zero
    print("\(name): mean payoff \(mean)")
  }
  if let analysis = Analysis.analyze(result) {
    let pairs = analysis.equilibria.map { "(\(population.names[$0.row]), \(population.names[$0.column]))" }
    print("equilibria: " + pairs.joined(separator: ", "))
  }
} catch {
  print(error.message, terminator: "")
  exit(error.exitCode)
}
