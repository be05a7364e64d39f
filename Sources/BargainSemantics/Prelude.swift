// The prelude: games and programs every file can name without importing.

public enum Prelude {
  /// Shown as the file name in diagnostics that point into the prelude.
  public static let path = "<prelude>"

  /// All three matrix games use actions C (cooperate: stag / swerve) and D (defect: hare /
  /// straight), so the prelude's bots play any of them.
  public static let source = """
    game PrisonersDilemma {
      actions C, D
      payoff (C, C) = (2, 2)
      payoff (C, D) = (0, 3)
      payoff (D, C) = (3, 0)
      payoff (D, D) = (1, 1)
    }

    game StagHunt {
      actions C, D
      payoff (C, C) = (4, 4)
      payoff (C, D) = (0, 3)
      payoff (D, C) = (3, 0)
      payoff (D, D) = (2, 2)
    }

    game Chicken {
      actions C, D
      payoff (C, C) = (3, 3)
      payoff (C, D) = (1, 4)
      payoff (D, C) = (4, 1)
      payoff (D, D) = (0, 0)
    }

    program CooperateBot { play C }

    program DefectBot { play D }

    program FairBot {
      if provable(them(me) == C) { play C } else { play D }
    }

    """
}
