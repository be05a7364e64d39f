#!/usr/bin/env python3
"""Fuzzer for the `bargain` binary (issue 9).

Each case is a small directory of `.bargain` files plus a command line. Cases come from a
grammar-aware generator (Grammar/bargain.ebnf: matrix and bargaining games, programs with every
kind of expression, plans, imports), from mutations of the files in Programs/ and of the golden
files in Tests/BargainTests/Goldens, from command-line variation, and (about 7%, or all with
--modal-only) from populations of the modal fragment of rule R10 played with `bargain tournament`.
Every case runs the binary in a fresh temporary directory under a wall-time cap and a memory cap,
and is classified:

  crash             killed by a signal (SIGILL, SIGTRAP, SIGSEGV, SIGABRT, ...)      fatal
  hang              more CPU time than --timeout, or still running at --wall-timeout fatal
  bad-exit          exit code outside 0..3                                           fatal
  mismatch          a `tournament` case run again with --general-path (rule R10 off) fatal
                    gives another exit code or other stdout (runs stopped by a cap
                    or --time-limit are not compared)
  missing-location  exit 1 or 3 with an `error:` line that names no `file:line:col:` reported; fatal
                    (--time-limit and report-writing failures exempt)                with --strict-locations
  slow              finished, but used more CPU than --slow seconds, or stopped at   reported
                    the binary's own --time-limit (exit 3)

The hang criterion is CPU time (RLIMIT_CPU) because the machines this runs on are shared: under
load, a case's wall time can be ten times its CPU time. The wall cap (default six times the CPU
cap) still catches a process that blocks without computing.

Case i of a run depends only on (--seed, i), so `--seed S --count N` is reproducible whatever
--jobs is, and `--case I` replays one case. One reproducer directory per distinct finding
(class plus signal / top stack frame / message) is written under --out. Standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

FATAL = ("crash", "hang", "bad-exit", "mismatch")
REPORTED = ("crash", "hang", "bad-exit", "mismatch", "missing-location", "slow")

# ---------------------------------------------------------------------------------------------
# Seeds: the example programs and the golden files
# ---------------------------------------------------------------------------------------------


def load_programs(root: str) -> dict[str, bytes]:
    """Every .bargain file under root, keyed by its path relative to the repository ("Programs/...")."""
    found: dict[str, bytes] = {}
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            if name.endswith((".bargain", ".bp")):
                path = os.path.join(directory, name)
                with open(path, "rb") as handle:
                    found[os.path.relpath(path, os.path.dirname(root))] = handle.read()
    return dict(sorted(found.items()))


def load_goldens(root: str) -> list[tuple[str, list[str], dict[str, bytes]]]:
    """(name, args, files) of every golden txtar whose sections include program files."""
    goldens = []
    if not os.path.isdir(root):
        return goldens
    for name in sorted(os.listdir(root)):
        if not name.endswith(".txtar"):
            continue
        with open(os.path.join(root, name), "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        args: list[str] = []
        files: dict[str, bytes] = {}
        current = None
        for line in text.split("\n"):
            header = re.match(r"^-- (.+) --$", line)
            if header:
                current = header.group(1)
                files[current] = b""
                continue
            if current is None:
                if line.startswith("args:"):
                    try:
                        args = shlex.split(line[len("args:"):])
                    except ValueError:
                        args = line[len("args:"):].split()
                continue
            files[current] += (line + "\n").encode()
        files = {k: v for k, v in files.items() if k.endswith((".bargain", ".bp"))}
        if files:
            goldens.append((name, args, files))
    return goldens


# ---------------------------------------------------------------------------------------------
# Interesting values
# ---------------------------------------------------------------------------------------------

BIG_INTS = [
    0, 1, 2, 3, 9, 10, 63, 64, 65, 99, 100, 101, 199, 200, 201, 999, 1000, 1001, 4095, 4096, 4097,
    9999, 10000, 10001, 19999, 20000, 20001, 65536, 99999, 100000, 100001, 2**31 - 1, 2**31,
    2**32, 2**53 + 1, 2**62, 2**63 - 2, 2**63 - 1, 2**63, 2**64, 10**19, 10**30,
]

NEGATIVE_INTS = [-1, -2, -100, -(2**31), -(2**63) + 1, -(2**63), -(2**63) - 1]

KEYWORDS = [
    "and", "consistent", "demand", "else", "false", "game", "if", "import", "in", "let", "me", "not",
    "or", "outside", "play", "program", "provable", "simulate", "them", "timeout", "true",
]
CONTEXTUAL = [
    "actions", "payoff", "resource", "demands", "step", "default", "disagreement", "surplus",
    "keep", "split", "plan", "main", "grant", "at", "commit", "open", "close", "prepare", "for",
    "they", "committed", "their", "channel", "is", "closed", "with", "probability", "within",
    "int", "rational", "bool", "action", "unconditional", "conditional",
    "rounds", "discount", "cost", "per", "round", "lock", "repeated", "last", "sticking", "to",
    "eventually", "accepts", "my", "capability", "withheld", "verify", "renegotiate", "agent",
    "delegate", "surrogate", "received", "commitments", "unconditionally", "first", "when",
]
PUNCTUATION = [
    "(", ")", "{", "}", "[", "]", ",", ":", ".", "..", "=", "==", "!=", "<", "<=", ">", ">=", "+",
    "-", "*", "/", "%", '"', "//", "!", "@", "#", "$", "&", "|", "^", "~", "?", ";", "\\", "'",
]
TOKEN_RE = re.compile(rb'"[^"\n]*"?|//[^\n]*|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\.\.|==|!=|<=|>=|\s+|.', re.S)


def small_int(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.7:
        return rng.choice([0, 1, 2, 3, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    if r < 0.98:
        return rng.randint(0, 200)
    return rng.choice(BIG_INTS)


# ---------------------------------------------------------------------------------------------
# Grammar-aware generation
# ---------------------------------------------------------------------------------------------

TYPES = ["int", "rational", "bool", "action", "outside", "program"]


class Program:
    def __init__(self, name: str, params: list[tuple[str, str, bool]]):
        self.name = name
        self.params = params  # (name, type, has default)


class Generator:
    """Builds one file set: a game, programs that mostly type-check, sometimes a plan.

    Most output is well-formed and well-typed (so matches actually run: Kripke solving, bounded
    proof search, chance, simulation, pre-bargaining), with a controlled share of near misses
    (wrong types, unknown names, edge numbers) that exercise the checker.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.programs: list[Program] = []
        self.scope: list[tuple[str, str]] = []
        self.sloppy = rng.random() < 0.15  # allow type errors and unknown names
        self.counter = 0
        self.kind = "matrix"
        self.actions: list[str] = ["C", "D"]
        self.outsides: list[str] = []
        self.demands: list[int] = []
        self.has_default = False
        self.rounds = 0  # `rounds N` of the game (rule M1), 0 without
        self.agents: list[str] = []  # successors declared with `agent S { ... }` (rule P15)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # --- games -------------------------------------------------------------------------------

    def game(self) -> tuple[str, str]:
        """(text of the game part of a file, the game name); records actions or outside options."""
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            name = rng.choice(["PrisonersDilemma", "StagHunt", "Chicken"])
            self.kind, self.actions, self.outsides, self.demands = "matrix", ["C", "D"], [], []
            return f"game {name}\n", name
        name = rng.choice(["G", "Bargain", "Standoff", "Split", "M"]) + str(rng.randint(0, 9))
        if r < 0.6:
            self.kind = "matrix"
            count = rng.choice([1, 2, 2, 2, 3, 4])
            self.actions = rng.sample(["C", "D", "A", "B", "X", "Y", "Hare", "Stag"], count)
            self.outsides, self.demands = [], []
            lines = [f"game {name} {{", "  actions " + ", ".join(self.actions)]
            for a in self.actions:
                for b in self.actions:
                    if rng.random() < 0.005:
                        continue  # a missing payoff
                    x, y = self.payoff_number(), self.payoff_number()
                    lines.append(f"  payoff ({a}, {b}) = ({x}, {y})")
            if rng.random() < 0.02:
                lines.append(f"  grant conditional at {small_int(rng)}")
            lines += self.capability_clauses()
            if self.sloppy and rng.random() < 0.1:
                lines += self.round_clauses()  # rounds in a matrix game: a checker error
            lines.append("}")
            return "\n".join(lines) + "\n", name
        self.kind = "bargaining"
        self.actions = []
        resource_ = rng.choice([100, 100, 100, 10, 1, 0, 1000, small_int(rng)])
        self.outsides = rng.sample(["walk", "fight", "court", "leave", "wait"], rng.choice([1, 2, 2, 3]))
        lines = [f"game {name} {{", f"  resource {resource_}"]
        d = rng.random()
        if d < 0.6:
            step = rng.choice([10, 10, 5, 25, 1, 50])
            high = resource_ if rng.random() < 0.9 else rng.choice([100, 50])
            if rng.random() < 0.04:
                high = rng.choice(BIG_INTS)
                step = rng.choice([1, 10, rng.choice(BIG_INTS) or 1])
            low = rng.choice([0, 0, 0, 10, high])
            lines.append(f"  demands {low}..{high}" + (f" step {step}" if rng.random() < 0.85 else ""))
            self.demands = list(range(low, min(high, low + 400 * max(step, 1)) + 1, max(step, 1)))[:50] or [0]
        else:
            values = sorted(set(min(resource_, rng.choice([0, 10, 20, 25, 30, 50, 70, 75, 100])) for _ in range(rng.randint(1, 5))))
            lines.append("  demands {" + ", ".join(map(str, values)) + "}")
            self.demands = values
        lines.append("  outside " + ", ".join(self.outsides))
        self.has_default = rng.random() < 0.4
        if self.has_default:
            lines.append(f"  default outside {rng.choice(self.outsides)}")
        for a in self.outsides:
            for b in self.outsides:
                if rng.random() < 0.005:
                    continue
                lines.append(f"  disagreement ({a}, {b}) = ({self.payoff_number()}, {self.payoff_number()})")
        if rng.random() < 0.6:
            lines.append("  surplus " + rng.choice(["keep", "split"]))
        if rng.random() < 0.02:
            lines.append(f"  grant conditional at {small_int(rng)}")
        if rng.random() < 0.35:
            lines += self.round_clauses()
        lines += self.capability_clauses()
        lines.append("}")
        return "\n".join(lines) + "\n", name

    def round_clauses(self) -> list[str]:
        """`rounds N`, `discount q`, `cost per round c`, `lock when repeated` (rules M1, M6), with
        edge values: more rounds than maxRounds, discounts that overflow, huge costs."""
        rng = self.rng
        self.rounds = rng.choice([1, 2, 2, 3, 3, 5, 8, 12, 20, 50]) if rng.random() < 0.95 else rng.choice([0, 49, 50, 51, 100, *BIG_INTS[-6:]])
        lines = [f"  rounds {self.rounds}"]
        if rng.random() < 0.5:
            q = rng.choice(["9/10", "1/2", "99/100", "1", "3/4", "1/3"]) if rng.random() < 0.9 else rng.choice(
                ["0", "2", "-1/2", "1/9223372036854775807", "9223372036854775806/9223372036854775807", "0.999", "1.5"])
            lines.append(f"  discount {q}")
        if rng.random() < 0.3:
            c = rng.choice(["1", "0", "5", "1/2", "2.5"]) if rng.random() < 0.9 else rng.choice(
                ["-1", "9223372036854775807", "4611686018427387904", "1/3"])
            lines.append(f"  cost per round {c}")
        if rng.random() < 0.3:
            lines.append("  lock when repeated")
        if rng.random() < 0.02:
            lines.append(rng.choice(lines))  # a repeated clause
        self.rounds = min(self.rounds, 50)
        return lines

    def capability_clauses(self) -> list[str]:
        """`capability c [withheld] [cost r]` (rule P7)."""
        rng = self.rng
        lines = []
        for name in ["verify", "renegotiate", "conditional"]:
            if rng.random() < 0.12:
                text = f"  capability {name}"
                if rng.random() < 0.5:
                    text += " withheld"
                if rng.random() < 0.5:
                    text += f" cost {rng.choice(['1', '5', '1/3', '0', '2.5', str(rng.choice(BIG_INTS))])}"
                lines.append(text)
        if self.sloppy and rng.random() < 0.05:
            lines.append(f"  capability {rng.choice(['teleport', 'verify verify', 'cost'])}")
        return lines

    def round_int(self, depth: int) -> str:
        """An int read from the rounds (rule M3)."""
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            return "round"
        if r < 0.55:
            return f"{rng.choice(['my', 'their'])} last demand"
        k = rng.choice(["1", "2", "round - 1", "round", str(self.rounds), str(self.rounds + 1), "0", self.expr("int", 0)])
        if r < 0.8:
            return f"{rng.choice(['my', 'their'])} demand at round {k}"
        return f"({self.later_round(depth)}).demand"

    def later_round(self, depth: int) -> str:
        """`X(Y) at round k sticking to d` (rule M4)."""
        rng = self.rng
        k = rng.choice(["1", "2", "round", "round + 1", str(max(1, self.rounds)), str(self.rounds + 1)]) if rng.random() < 0.9 else str(rng.choice(BIG_INTS + NEGATIVE_INTS))
        d = rng.choice(self.demands or [50]) if rng.random() < 0.9 else rng.choice(["their last demand", "7", "101", str(rng.choice(BIG_INTS))])
        return f"{self.behaviour(depth)} at round {k} sticking to {d}"

    def eventually(self, depth: int) -> str:
        rng = self.rng
        d = rng.choice(self.demands or [50]) if rng.random() < 0.9 else rng.choice(["their last demand + 10", "3", str(rng.choice(BIG_INTS))])
        return f"{self.behaviour(depth)} eventually accepts {d}"

    def situation_fact(self) -> str:
        """A fact of the agent's situation, usable in plans and (as a bool) in programs (rule P10)."""
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return f"they committed {self.commitment()}"
        if r < 0.45:
            return "they committed delegate" + (f" {rng.choice(self.agents)}" if self.agents and rng.random() < 0.5 else "")
        if r < 0.6 and self.kind == "bargaining":
            return f"they committed {self.payoff_commitment()}"
        return rng.choice(["they committed program", "their channel is open", "their channel is closed",
                           "they committed unconditionally", "they committed first", "they received my commitments"])

    def payoff_commitment(self) -> str:
        """`surrogate (a, b) = v` or `renegotiate (a, b) = (x, y)` (rules SP1, SP2)."""
        rng = self.rng
        outs = self.outsides or ["walk"]
        a, b = rng.choice(outs), rng.choice(outs)
        if self.sloppy and rng.random() < 0.1:
            a = "nowhere"
        if rng.random() < 0.5:
            return f"surrogate ({a}, {b}) = {self.payoff_number()}"
        return f"renegotiate ({a}, {b}) = ({self.payoff_number()}, {self.payoff_number()})"

    def payoff_number(self) -> str:
        rng = self.rng
        if rng.random() < 0.003:
            return str(rng.choice(BIG_INTS + NEGATIVE_INTS))
        return str(rng.randint(-40, 100))

    # --- expressions -------------------------------------------------------------------------

    def names_of(self, ty: str) -> list[str]:
        return [n for n, t in self.scope if t == ty]

    def leaf(self, ty: str) -> str:
        rng = self.rng
        names = self.names_of(ty)
        if names and rng.random() < 0.4:
            return rng.choice(names)
        if ty == "int":
            return str(small_int(rng))
        if ty == "rational":
            return rng.choice(["1/2", "1/10", "0", "1", "2/3", "1/3", "99/100", "1/1000"])
        if ty == "bool":
            return rng.choice(["true", "false"])
        if ty == "action":
            return rng.choice(self.actions or ["C"])
        if ty == "outside":
            return rng.choice(self.outsides or ["walk"])
        return self.program_leaf()

    def program_leaf(self) -> str:
        rng = self.rng
        choices = ["me", "them", "them", "me"]
        for p in self.programs:
            if all(default for _, _, default in p.params):
                choices.append(p.name)
        if self.kind == "matrix" and self.actions[:2] == ["C", "D"]:
            choices += ["FairBot", "DefectBot", "CooperateBot"]
        return rng.choice(choices)

    def constant(self, ty: str, depth: int = 1) -> str:
        """A value computed from constants: what defaults, command-line selections and plans need."""
        rng = self.rng
        if ty == "program":
            callable_ = [p for p in self.programs if p.params]
            if callable_ and depth > 0 and rng.random() < 0.4:
                p = rng.choice(callable_)
                return f"{p.name}({self.arguments(p, depth - 1, constant=True)})"
            plain = [p.name for p in self.programs if all(d for _, _, d in p.params)]
            if self.kind == "matrix" and self.actions[:2] == ["C", "D"]:
                plain += ["FairBot", "DefectBot", "CooperateBot"]
            if plain:
                return rng.choice(plain)
            return rng.choice([p.name for p in self.programs] or ["DefectBot"])
        saved, self.scope = self.scope, []
        value = self.leaf(ty)
        self.scope = saved
        return value

    def program_expr(self, depth: int) -> str:
        rng = self.rng
        callable_ = [p for p in self.programs if p.params]
        if callable_ and depth > 0 and rng.random() < 0.35:
            p = rng.choice(callable_)
            return f"{p.name}({self.arguments(p, depth - 1)})"
        names = self.names_of("program")
        if names and rng.random() < 0.3:
            return rng.choice(names)
        return self.program_leaf()

    def arguments(self, p: Program, depth: int, constant: bool = False) -> str:
        rng = self.rng
        args = []
        for _, ty, default in p.params:
            if default and rng.random() < 0.4:
                break
            if self.sloppy and rng.random() < 0.1:
                ty = rng.choice(TYPES)
            args.append(self.constant(ty, depth) if constant else self.expr(ty, depth))
        return ", ".join(args)

    def behaviour(self, depth: int) -> str:
        """`X(Y)`: X playing against Y."""
        rng = self.rng
        x = self.program_expr(depth - 1)
        y = self.program_expr(depth - 1)
        return f"{x}({y})"

    def statement(self, depth: int) -> str:
        """A statement about behaviour, the argument of provable/consistent."""
        rng = self.rng
        r = rng.random()
        if depth <= 0 or r < 0.55:
            if self.kind == "matrix":
                return f"{self.behaviour(depth)} {rng.choice(['==', '!='])} {self.leaf('action')}"
            if self.rounds and rng.random() < 0.4:
                if rng.random() < 0.5:
                    return self.eventually(depth)
                return f"({self.later_round(depth)}).demand {rng.choice(['==', '<=', '>='])} {rng.choice(self.demands or [50])}"
            if rng.random() < 0.6:
                return f"{self.behaviour(depth)}.demand {rng.choice(['==', '<=', '>=', '<', '>', '!='])} {rng.choice(self.demands or [50])}"
            return f"{self.behaviour(depth)}.outside == {self.leaf('outside')}"
        if r < 0.7:
            return f"{self.statement(depth - 1)} {rng.choice(['and', 'or'])} {self.statement(depth - 1)}"
        if r < 0.8:
            return f"not {self.statement(depth - 1)}"
        if r < 0.9:
            return self.modal(depth - 1)
        return self.expr("bool", depth - 1)

    def modal(self, depth: int) -> str:
        rng = self.rng
        r = rng.random()
        body = self.statement(depth - 1)
        if r < 0.4:
            return f"provable({body})"
        if r < 0.6:
            return f"provable[{self.level(depth)}]({body})"
        if r < 0.75:
            return f"consistent[{self.level(depth)}]({body})"
        if r < 0.8:
            return f"consistent({body})"
        budget = rng.choice([str(rng.choice([0, 1, 3, 6, 9, 20, 100])), *self.names_of("int"), f"({self.expr('int', 1)})"])
        return f"provable within {budget} ({body})"

    def level(self, depth: int) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.8:
            return str(rng.choice([0, 1, 1, 2, 3, 5]))
        if r < 0.9 and self.names_of("int"):
            return rng.choice(self.names_of("int"))
        if r < 0.97:
            return self.expr("int", min(depth, 1))
        return str(rng.choice(BIG_INTS + NEGATIVE_INTS))

    def simulation(self, depth: int) -> str:
        rng = self.rng
        fuel = ""
        if rng.random() < 0.6:
            fuel = f"[{rng.choice([0, 1, 2, 3, 5, 10, rng.choice(BIG_INTS)]) if rng.random() < 0.9 else self.expr('int', 1)}]"
        x = rng.choice(["them", "them", self.program_expr(depth - 1)])
        y = rng.choice(["me", "me", self.program_expr(depth - 1)])
        return f"simulate{fuel}({x}, {y})"

    def expr(self, ty: str, depth: int) -> str:
        rng = self.rng
        if self.sloppy and rng.random() < 0.03:
            ty = rng.choice(TYPES)
        if self.sloppy and rng.random() < 0.02:
            return rng.choice(["undefined", "Nope", "x" + str(rng.randint(0, 9)), "them.bogus", "me.demand"])
        if depth <= 0:
            return self.leaf(ty)
        r = rng.random()
        if ty == "bool":
            if r < 0.1:
                return self.leaf("bool")
            if r < 0.4:
                return self.modal(depth)
            if r < 0.5:
                return f"{self.expr('int', depth - 1)} {rng.choice(['==', '!=', '<', '<=', '>', '>='])} {self.expr('int', depth - 1)}"
            if r < 0.58:
                return rng.choice(["them == me", "me == them", "them != me", f"them == {self.program_expr(depth - 1)}", "them.unconditional", "me.unconditional"])
            if r < 0.66:
                return f"{self.expr('bool', depth - 1)} {rng.choice(['and', 'or'])} {self.expr('bool', depth - 1)}"
            if r < 0.7:
                return f"not {self.expr('bool', depth - 1)}"
            if r < 0.75:
                return f"({self.expr('bool', depth - 1)})"
            if r < 0.82:
                negation = "not " if rng.random() < 0.3 else ""
                if rng.random() < 0.5:
                    elements = ", ".join(self.expr("int", depth - 1) for _ in range(rng.randint(0, 4)))
                    return f"{self.expr('int', depth - 1)} {negation}in {{{elements}}}"
                return f"{self.expr('int', depth - 1)} {negation}in {self.expr('int', depth - 1)}..{self.expr('int', depth - 1)}"
            if r < 0.9 and self.kind == "matrix":
                return f"{self.simulation(depth)} {rng.choice(['==', '!='])} {rng.choice([self.leaf('action'), 'timeout'])}"
            if r < 0.95:
                return f"{self.expr('rational', depth - 1)} {rng.choice(['<', '<=', '==', '>'])} {self.expr('rational', depth - 1)}"
            if self.kind == "bargaining" and (self.rounds or self.sloppy) and r < 0.98:
                return self.eventually(depth)
            if rng.random() < 0.5:
                return self.situation_fact()
            return self.leaf("bool")
        if ty == "int":
            if r < 0.4:
                return self.leaf("int")
            if r < 0.75:
                return f"{self.expr('int', depth - 1)} {rng.choice(['+', '-', '*', '/', '%'])} {self.expr('int', depth - 1)}"
            if r < 0.85:
                return f"-{self.expr('int', depth - 1)}"
            if r < 0.93:
                return f"({self.expr('int', depth - 1)})"
            if self.kind == "bargaining" and (self.rounds or (self.sloppy and rng.random() < 0.3)) and rng.random() < 0.6:
                return self.round_int(depth)
            if self.kind == "bargaining":
                return f"{self.simulation(depth)}.demand"
            return self.leaf("int")
        if ty == "rational":
            if r < 0.5:
                return self.leaf("rational")
            if r < 0.8:
                return f"{self.expr('int', depth - 1)}/{rng.choice(['2', '3', '10', '100', self.expr('int', depth - 1)])}"
            return f"{self.expr('rational', depth - 1)} {rng.choice(['+', '-', '*'])} {self.expr('rational', depth - 1)}"
        if ty == "action":
            if r < 0.6:
                return self.leaf("action")
            if r < 0.9:
                return self.simulation(depth)
            return "timeout"
        if ty == "outside":
            if r < 0.7 or self.kind != "bargaining":
                return self.leaf("outside")
            return f"{self.simulation(depth)}.outside"
        return self.program_expr(depth)

    # --- programs ----------------------------------------------------------------------------

    def decision(self, depth: int, indent: str) -> str:
        rng = self.rng
        r = rng.random()
        if depth > 0 and r < 0.45:
            text = f"if {self.expr('bool', 3)} {self.block(depth - 1, indent)}"
            for _ in range(rng.choice([0, 0, 1, 2])):
                text += f" else if {self.expr('bool', 3)} {self.block(depth - 1, indent)}"
            if not (self.sloppy and rng.random() < 0.2):
                text += f" else {self.block(depth - 1, indent)}"
            return text
        if depth > 0 and r < 0.55:
            return f"with probability {self.expr('rational', 1)} {self.block(depth - 1, indent)} else {self.block(depth - 1, indent)}"
        if self.kind == "matrix":
            return f"play {self.expr('action', 2)}"
        demand = self.expr("int", 1) if rng.random() < 0.3 else str(rng.choice(self.demands or [50]))
        if self.has_default and rng.random() < 0.5:
            return f"demand {demand}"
        return f"demand {demand} outside {self.expr('outside', 1)}"

    def block(self, depth: int, indent: str) -> str:
        rng = self.rng
        inner = indent + "  "
        lines = []
        saved = list(self.scope)
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            ty = rng.choice(["int", "int", "bool", "rational", "action" if self.kind == "matrix" else "outside", "program"])
            name = self.fresh("v")
            lines.append(f"{inner}let {name} = {self.expr(ty, 2)}")
            self.scope.append((name, ty))
        lines.append(inner + self.decision(depth, inner))
        self.scope = saved
        return "{\n" + "\n".join(lines) + "\n" + indent + "}"

    def program(self, name: str) -> str:
        rng = self.rng
        params: list[tuple[str, str, bool]] = []
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
            ty = rng.choice(["int", "int", "rational", "bool", "action", "program"])
            if ty == "action" and self.kind == "bargaining":
                ty = "outside"
            params.append((self.fresh("p"), ty, rng.random() < 0.5))
        # Defaults come last, like the examples; sloppy files may break that.
        if not self.sloppy:
            params.sort(key=lambda p: p[2])
        self.scope = []
        rendered = []
        for pname, ty, default in params:
            text = f"{pname}: {ty}"
            if default:
                text += f" = {self.constant(ty)}"
            rendered.append(text)
            self.scope.append((pname, ty))
        header = f"program {name}" + (f"({', '.join(rendered)})" if params or rng.random() < 0.1 else "")
        body = self.block(rng.choice([0, 1, 1, 2, 3]), "")
        self.scope = []
        self.programs.append(Program(name, params))
        return f"{header} {body}\n"

    # --- plans -------------------------------------------------------------------------------

    def commitment(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.35 and self.kind == "bargaining":
            return f"demand {rng.choice(['>=', '<=', '=='])} {rng.choice(self.demands or [50])}"
        if r < 0.45 and self.kind == "bargaining":
            return f"outside = {rng.choice(self.outsides)}"
        if r < 0.6:
            return "program in {" + ", ".join(self.constant("program") for _ in range(rng.randint(1, 3))) + "}"
        return f"program {self.constant('program')}"

    def plan_condition(self, depth: int) -> str:
        rng = self.rng
        r = rng.random()
        if depth <= 0 or r < 0.5:
            if rng.random() < 0.3:
                return self.situation_fact()
            return rng.choice([
                f"they committed {self.commitment()}", "they committed program", "their channel is open",
                "their channel is closed", "true", "false",
            ])
        if r < 0.7:
            return f"{self.plan_condition(depth - 1)} {rng.choice(['and', 'or'])} {self.plan_condition(depth - 1)}"
        if r < 0.85:
            return f"not {self.plan_condition(depth - 1)}"
        return f"({self.plan_condition(depth - 1)})"

    def plan_block(self, depth: int) -> str:
        rng = self.rng
        actions = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            r = rng.random()
            if r < 0.45:
                actions.append(f"commit {self.commitment()}")
            elif r < 0.55:
                actions.append("open")
            elif r < 0.65:
                actions.append("close")
            elif r < 0.72:
                cost = f" cost {rng.choice(['1', '1/3', '0', '2.5', '-1', str(rng.choice(BIG_INTS))])}" if rng.random() < 0.3 else ""
                capability = rng.choice(["conditional", "verify", "renegotiate"]) if not (self.sloppy and rng.random() < 0.1) else "magic"
                actions.append(f"prepare {capability} for {rng.choice([0, 1, 2, 3, 5, small_int(rng)])}{cost}")
            elif r < 0.77 and self.kind == "bargaining":
                actions.append(f"commit {self.payoff_commitment()}")
            elif r < 0.8 and self.agents:
                actions.append(f"commit delegate {rng.choice(self.agents)}")
            elif depth > 0 and rng.random() < 0.3:
                p = rng.choice(["1/2", "1/3", "2/3", "0", "1", "99/100"]) if rng.random() < 0.95 else rng.choice(["3/2", "-1/2", "1/9223372036854775807", "them", "round"])
                actions.append(f"with probability {p} {self.plan_block(depth - 1)} else {self.plan_block(depth - 1) if rng.random() < 0.7 else '{ }'}")
            elif depth > 0:
                text = f"if {self.plan_condition(2)} {self.plan_block(depth - 1)}"
                if rng.random() < 0.7:
                    text += " else " + (self.plan_block(depth - 1) if rng.random() < 0.7 else self.plan_block(depth - 1))
                actions.append(text)
        return "{ " + "\n    ".join(actions) + " }"

    def plan(self) -> str:
        rng = self.rng
        times = sorted(rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 10, 11, small_int(rng)]) for _ in range(rng.randint(1, 4)))
        steps = [f"  at {t} {self.plan_block(2)}" for t in times]
        return "plan {\n" + "\n".join(steps) + "\n}\n"

    def agents_block(self) -> str:
        """Successors `agent S { plan { ... } main P }` (rule P15), declared before the plans that
        delegate to them; a successor may delegate on to an earlier one (a chain) or, in sloppy
        files, to itself or a later one (a circle, refused by the checker)."""
        rng = self.rng
        names = [self.fresh("Deputy") for _ in range(rng.choice([1, 1, 2, 3]))]
        text = ""
        for name in names:
            if self.sloppy and rng.random() < 0.3:
                self.agents = names  # may name itself or a later successor: a circle
            body = self.plan() if rng.random() < 0.8 else ""
            if rng.random() < 0.9:
                body += f"main {self.constant('program')}\n"
            text += f"agent {name} {{\n{body}}}\n"
            self.agents = sorted(set(self.agents) | {name})
        return text

    # --- files -------------------------------------------------------------------------------

    def file_set(self) -> tuple[dict[str, bytes], list[str]]:
        """A few files (a game file, agent files importing it) and the agent specs to play."""
        rng = self.rng
        game_text, game_name = self.game()
        files: dict[str, str] = {}
        separate_game = not game_text.startswith(f"game {game_name}\n") and rng.random() < 0.5
        if separate_game:
            files["game.bargain"] = game_text
            header = f'import "game.bargain"\ngame {game_name}\n'
        else:
            header = game_text
        agents = []
        for index, stem in enumerate(["a", "b", "c"][: rng.choice([1, 2, 2, 3])]):
            body = ""
            count = rng.choice([1, 1, 2, 3])
            names = []
            for _ in range(count):
                name = rng.choice(["Bot", "Agent", "P", "Q", stem.upper()]) + str(self.counter)
                names.append(name)
                body += self.program(name) + "\n"
            text = header if index == 0 else f"game {game_name}\n"
            if index > 0:
                imports = "".join(f'import "{earlier}"\n' for earlier in sorted(files) if earlier != "game.bargain")
                text = imports + (header if separate_game else text)
            if rng.random() < 0.3:
                self.agents = []
                if rng.random() < 0.3 and self.programs:
                    text += self.agents_block()
                text += self.plan()
                text += f"main {self.constant('program')}\n"
            elif rng.random() < 0.15:
                text += f"main {self.constant('program')}\n"
            if rng.random() < 0.1:
                text += f"grant conditional at {rng.choice([0, 1, 3, small_int(rng)])}\n"
            text += body
            path = f"{stem}.bargain"
            files[path] = text
            spec = path
            p = [q for q in self.programs if q.name in names]
            if len(names) > 1 or rng.random() < 0.4 or any(not d for _, _, d in p[0].params if p):
                chosen = rng.choice(p) if p else None
                if chosen:
                    args = self.arguments(chosen, 1, constant=True)
                    spec = f"{path}:{chosen.name}" + (f"({args})" if chosen.params else "")
            agents.append(spec)
        return {k: v.encode() for k, v in files.items()}, agents


# ---------------------------------------------------------------------------------------------
# The modal fragment (rule R10) and tournaments over it, for the `mismatch` class
# ---------------------------------------------------------------------------------------------

MODAL_SHARE = 0.07  # share of cases that are modal-fragment tournaments (--modal-only: all)


class ModalGenerator:
    """Populations of the modal fragment that `bargain tournament` solves by stepping Kripke
    worlds (rule R10): `if`/`else if`/`else` over boolean combinations of `provable[k]` and
    `consistent[k]` whose statements compare `them(me)` or `me(them)` with an action, every branch
    `play A`. Levels are mostly 0-3, sometimes 60-70 (above 64 the fast path declines); some
    programs have more than 32 boxes or 512 nodes (declined too), and some are just outside the
    fragment (an unguarded `them(me)`, `let`, `simulate`, `provable within`, parameters, other
    programs named) so that pairs mixing both paths are played as well."""

    escape_share = 0.15  # programs outside the fragment

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.actions = ["C", "D"]
        self.names: list[str] = []
        self.escape = False  # a program outside the fragment is being written
        self.unguarded = False  # it may read `them(me)` outside a box
        self.prelude = True  # the game is a prelude game (so DefectBot, FairBot play it)

    def game(self) -> tuple[str, str]:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            name = rng.choice(["PrisonersDilemma", "StagHunt", "Chicken"])
            self.actions = ["C", "D"]
            self.prelude = True
            return "", name
        self.prelude = False
        name = rng.choice(["G", "Trio", "Duel"]) + str(rng.randint(0, 9))
        self.actions = rng.sample(["C", "D", "W", "A", "B"], 3 if r < 0.7 else 2)
        symmetric = rng.random() < 0.6
        lines = [f"game {name} {{", "  actions " + ", ".join(self.actions)]
        table: dict[tuple[str, str], tuple[str, str]] = {}
        for a in self.actions:
            for b in self.actions:
                if symmetric and (b, a) in table:
                    y, x = table[(b, a)]
                else:
                    x, y = (rng.choice(["0", "1", "2", "3", "4", "1/2", "5/2", "-1"]) for _ in range(2))
                    if symmetric and a == b:
                        y = x
                table[(a, b)] = (x, y)
                lines.append(f"  payoff ({a}, {b}) = ({x}, {y})")
        if rng.random() < 0.1:
            lines.append(rng.choice(["  capability conditional withheld", "  capability verify cost 1",
                                     "  capability conditional cost 0", "  capability verify withheld"]))
        lines.append("}")
        return "\n".join(lines) + "\n", name

    def action(self) -> str:
        return self.rng.choice(self.actions)

    def level(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return ""
        if r < 0.95:
            return f"[{self.rng.choice([0, 0, 1, 1, 2, 3])}]"
        return f"[{self.rng.choice([4, 7, 16, 63, 64, 64, 65, 66, 70])}]"

    def atom(self) -> str:
        rng = self.rng
        play = rng.choice(["them(me)", "them(me)", "me(them)"])
        if self.escape and rng.random() < 0.3:
            others = ["them(DefectBot)", "them(CooperateBot)"] if self.prelude else []
            play = rng.choice(["them(them)", "me(me)", f"them({rng.choice(self.names)})", *others])
        op = rng.choice(["==", "==", "!="])
        a = self.action()
        return f"{a} {op} {play}" if rng.random() < 0.1 else f"{play} {op} {a}"

    def statement(self, depth: int) -> str:
        """Inside a box: atoms, constants, connectives and nested boxes."""
        rng = self.rng
        r = rng.random()
        if depth <= 0 or r < 0.35:
            return self.atom() if rng.random() < 0.92 else rng.choice(["true", "false"])
        if r < 0.5:
            return f"not ({self.statement(depth - 1)})"
        if r < 0.8:
            return f"({self.statement(depth - 1)} {rng.choice(['and', 'or'])} {self.statement(depth - 1)})"
        return self.box(depth - 1)

    def box(self, depth: int) -> str:
        rng = self.rng
        if self.escape and rng.random() < 0.15:
            return f"provable within {rng.choice([1, 5, 20])} ({self.statement(depth)})"
        level = self.level()
        if self.escape and rng.random() < 0.1:
            level = f"[{rng.choice(['1 + 1', '0 * 5', '2 - 1'])}]"
        return f"{rng.choice(['provable', 'provable', 'consistent'])}{level}({self.statement(depth)})"

    def condition(self, depth: int) -> str:
        """Outside boxes: boxes and constants only (an atom here leaves the fragment)."""
        rng = self.rng
        r = rng.random()
        if self.unguarded and r < 0.1:
            return self.atom()
        if r < 0.6:
            return self.box(depth)
        if r < 0.65:
            return rng.choice(["true", "false"])
        if r < 0.75:
            return f"not {self.condition(depth)}"
        return f"({self.condition(depth)} {rng.choice(['and', 'or'])} {self.condition(depth)})"

    def decision(self, depth: int, indent: str) -> str:
        rng = self.rng
        if depth <= 0 or rng.random() < 0.15:
            # Rare: a simulator against a population costs seconds (each pair near maxEvaluationSteps).
            if self.escape and rng.random() < 0.05:
                return f"play {rng.choice(['simulate[3](them, me)', 'simulate(them, me)'])}"
            return f"play {self.action()}"
        inner = indent + "  "
        text = f"if {self.condition(rng.choice([1, 2, 2, 3]))} {{\n{inner}{self.decision(depth - 1, inner)}\n{indent}}}"
        for _ in range(rng.choice([0, 0, 1, 1, 2, 4])):
            text += f" else if {self.condition(rng.choice([1, 2, 3]))} {{\n{inner}{self.decision(depth - 1, inner)}\n{indent}}}"
        return text + f" else {{\n{inner}{self.decision(depth - 1, inner)}\n{indent}}}"

    def wide(self) -> str:
        """Around the fast path's 32 boxes (and, with long chains, its 512 nodes) per program."""
        rng = self.rng
        count = rng.choice([31, 32, 33, 40]) if rng.random() < 0.7 else rng.choice([8, 12])
        size = 1 if rng.random() < 0.7 else 30
        parts = []
        for _ in range(count):
            body = " or ".join(self.atom() for _ in range(size))
            parts.append(f"{rng.choice(['provable', 'consistent'])}{self.level()}({body})")
        return f"if {' and '.join(parts) if rng.random() < 0.5 else ' or '.join(parts)} {{ play {self.action()} }} else {{ play {self.action()} }}"

    def program(self, name: str) -> str:
        rng = self.rng
        # Fewer outside the fragment in large populations: each of those pairs is compiled, and
        # a population of 40 with a few simulators would mostly stop at --time-limit.
        self.escape = rng.random() < self.escape_share * (0.3 if len(self.names) >= 24 else 1)
        self.unguarded = self.escape and rng.random() < 0.1  # its self-play fails the whole tournament
        header = f"program {name}"
        lets = ""
        if self.escape and rng.random() < 0.3:
            header += f"(a: action = {self.action()})"
        elif rng.random() < 0.08:
            # Parameters the body never reads: still the fragment; P, P(C) and P(D) are agents.
            other = rng.choice([n for n in self.names if n != name])
            header += rng.choice([f"(a: action = {self.action()})", "(n: int = 3)", f"(p: program = {other})"])
        if self.escape and rng.random() < 0.3:
            lets = f"  let x = {self.box(2)}\n"
        if rng.random() < 0.08:
            body = self.wide()
        else:
            body = self.decision(rng.choice([1, 1, 2, 2, 3]), "  ")
        if lets:
            body = body.replace("if ", "if x and ", 1) if body.startswith("if ") else body
        self.escape = False
        return f"{header} {{\n{lets}  {body}\n}}\n"

    def file_set(self) -> tuple[dict[str, bytes], list[str]]:
        """One or two files of programs over one game, and the agent specs of a population."""
        rng = self.rng
        game_text, game_name = self.game()
        count = rng.choice([2, 3, 4, 5, 6, 8, 12, 12, 24, 40])
        self.names = [f"M{i}" for i in range(count)]
        texts = {}
        for name in self.names:
            if texts and rng.random() < 0.1:
                twin = rng.choice(sorted(texts))  # the same body under another name
                texts[name] = texts[twin].replace(f"program {twin}", f"program {name}", 1)
            else:
                texts[name] = self.program(name)
        split = game_text == "" and count >= 4 and rng.random() < 0.3
        files: dict[str, str] = {}
        agents = []
        for i, name in enumerate(self.names):
            path = "n.bargain" if split and i % 2 else "m.bargain"
            # A declared game is the file's game; a prelude game is named.
            files.setdefault(path, game_text if path == "m.bargain" and game_text else f"game {game_name}\n")
            files[path] += "\n" + texts[name]
            spec = f"{path}:{name}"
            if "(a: action" in texts[name] and rng.random() < 0.5:
                spec += f"({self.action()})"
            elif "(n: int" in texts[name] and rng.random() < 0.5:
                spec += f"({rng.choice([0, 3, 7])})"
            agents.append(spec)
        if rng.random() < 0.15:
            agents.append(rng.choice(agents))  # an agent twice
        if rng.random() < 0.1:
            # The file itself as an agent: its `main` program.
            main = rng.choice(self.names)
            path = "n.bargain" if split and self.names.index(main) % 2 else "m.bargain"
            files[path] += f"\nmain {main}\n"
            agents.append(path)
        if self.prelude and rng.random() < 0.15:
            agents.append(f"m.bargain:{rng.choice(['FairBot', 'DefectBot', 'CooperateBot'])}")
        rng.shuffle(agents)
        return {k: v.encode() for k, v in files.items()}, agents


def tournament_options(rng: random.Random) -> list[list[str]]:
    options = []
    if rng.random() < 0.3:
        options.append(["--ordered"])
    r = rng.random()
    if r < 0.3:
        options.append(["--json"])
    elif r < 0.55:
        options.append(["--csv"])
    if rng.random() < 0.5:
        options.append(["--jobs", rng.choice(["1", "2"])])
    if rng.random() < 0.05:
        options += [["--dynamics", str(rng.choice([1, 5, 50]))], ["--seed", str(rng.choice([0, 7, 42]))]]
    rng.shuffle(options) if rng.random() < 0.3 else None
    return options


def modal_case(rng: random.Random, case: Case) -> Case:
    """A tournament of modal-fragment programs (some outside it), played both ways by `evaluate`."""
    generator = ModalGenerator(rng)
    files, agents = generator.file_set()
    case.files.update(files)
    case.origin = "modal"
    if rng.random() < 0.05:
        # A directory of agents: each file its own (single-program) agent.
        case.files = {}
        for i, spec in enumerate(agents):
            path, _, name = spec.partition(":")
            if path in files and "(" not in name:
                text = re.sub(r"(?m)^main .*\n", "", files[path].decode())
                header = text[: text.index("\nprogram ") + 1] if "\nprogram " in text else text
                start = text.find(f"program {name}")
                end = text.find("\nprogram ", start + 1)
                body = text[start:] if end < 0 else text[start:end + 1]
                case.files[f"pop/{name}{i}.bargain"] = (header + body).encode()
        agents = ["pop"] if case.files else agents
        case.files = case.files or files
    options = tournament_options(rng)
    case.argv = ["tournament", *agents, *(word for option in options for word in option)]
    case.toplevel = case.argv + [agent_path(a) for a in case.argv]
    return case


# ---------------------------------------------------------------------------------------------
# Stress shapes: nesting, long names, limits
# ---------------------------------------------------------------------------------------------

LIMIT_DEPTHS = [10, 100, 150, 199, 200, 201, 202, 300, 1000, 5000, 20000, 100000]


def stress_file(rng: random.Random) -> tuple[str, bytes, list[str]]:
    """A file built to press one limit; returns (kind, bytes, extra agent specs)."""
    kind = rng.choice([
        "parens", "not", "ifs", "calls", "modal", "instances", "long-ident", "many-programs",
        "chain", "wide-set", "params", "demand-grid", "plan-steps", "lets", "simulate-chain",
        "big-numbers", "many-clauses", "modal-levels", "many-rounds", "round-history", "discount-overflow",
        "delegation-chain", "delegation-circle", "many-draws", "nested-draws", "payoff-commitments",
    ])
    n = rng.choice(LIMIT_DEPTHS)
    head = "game PrisonersDilemma\n"
    if kind == "parens":
        text = head + "program A { if " + "(" * n + "true" + ")" * n + " { play C } else { play D } }\n"
    elif kind == "not":
        text = head + "program A { if " + "not " * n + "true { play C } else { play D } }\n"
    elif kind == "ifs":
        n = min(n, 20000)
        text = head + "program A " + "{ if true " * n + "{ play C }" + " else { play D } }" * n + "\n"
    elif kind == "calls":
        n = min(n, 20000)
        text = head + "program A(x: program = me) { play C }\nprogram B { if provable(them(" + "A(" * n + "me" + ")" * n + ") == C) { play C } else { play D } }\n"
    elif kind == "modal":
        n = min(n, 20000)
        text = head + "program A { if " + "provable(" * n + "them(me) == C" + ")" * n + " { play C } else { play D } }\n"
    elif kind == "instances":
        n = rng.choice([30, 63, 64, 65, 100, 150])
        text = head + "program W(x: program) { if provable(x(me) == C) { play C } else { play D } }\nprogram A { if provable(them(" + "W(" * n + "FairBot" + ")" * n + ") == C) { play C } else { play D } }\n"
    elif kind == "long-ident":
        length = rng.choice([100, 10000, 100000, 1 << 20, (1 << 20) + 1])
        name = "A" + "a" * max(0, length - 1)
        text = head + f"program {name} {{ play C }}\n"
        return kind, text.encode(), [f"f.bargain:{name}"] if length < 200000 else []
    elif kind == "many-programs":
        n = min(n, 3000)
        text = head + "".join(f"program P{i} {{ if provable(them(P{max(i - 1, 0)}) == C) {{ play C }} else {{ play D }} }}\n" for i in range(n))
        return kind, text.encode(), [f"f.bargain:P{n - 1}"]
    elif kind == "chain":
        n = min(n, 2000)
        text = head + "program P0 { play C }\n" + "".join(
            f"program P{i} {{ if provable(them(P{i - 1}) == C) and provable[{i % 4}](P{i - 1}(me) == C) {{ play C }} else {{ play D }} }}\n"
            for i in range(1, n))
        return kind, text.encode(), [f"f.bargain:P{n - 1}"]
    elif kind == "wide-set":
        n = min(n, 5000)
        text = head + "program A(k: int = 3) { if k in {" + ", ".join(str(i) for i in range(n)) + "} { play C } else { play D } }\n"
    elif kind == "params":
        n = rng.choice([63, 64, 65, 200])
        params = ", ".join(f"x{i}: int = {i}" for i in range(n))
        text = head + f"program A({params}) {{ play C }}\n"
    elif kind == "demand-grid":
        high = rng.choice([100, 4095, 4096, 4097, 40960, 100000, 2**62, 2**63 - 1])
        step = rng.choice([1, 1, 10, 2**62, 2**63 - 1])
        outs = ", ".join(f"o{i}" for i in range(rng.choice([1, 2, 3, 50])))
        text = f"game G {{\n  resource {high}\n  demands 0..{high} step {step}\n  outside {outs}\n  default outside o0\n}}\nprogram A {{ if provable(them(me).demand <= 50) {{ demand 50 }} else {{ demand 0 }} }}\n"
    elif kind == "plan-steps":
        n = min(n, 3000)
        text = head + "program A { play C }\nplan {\n" + "".join(f"  at {i} {{ commit program A\n open\n close }}\n" for i in range(n)) + "}\nmain A\n"
        return kind, text.encode(), ["f.bargain", "f.bargain"]
    elif kind == "lets":
        n = min(n, 3000)
        text = head + "program A { " + " ".join(f"let v{i} = {'v' + str(i - 1) + ' + 1' if i else '1'}" for i in range(n)) + " play C }\n"
    elif kind == "simulate-chain":
        fuel = rng.choice([10, 100, 1000, 9999, 10000, 10001, 2**63 - 1])
        text = head + f"program A {{ play simulate[{fuel}](them, me) }}\nprogram B {{ if simulate[{fuel}](them, me) == C {{ play C }} else {{ play D }} }}\n"
        return kind, text.encode(), ["f.bargain:A", "f.bargain:" + rng.choice(["A", "B"])]
    elif kind == "big-numbers":
        v = rng.choice(BIG_INTS + NEGATIVE_INTS)
        w = rng.choice(BIG_INTS + NEGATIVE_INTS)
        op = rng.choice(["+", "-", "*", "/", "%"])
        text = head + f"program A(n: int = {v}) {{ if n {op} {w} > 0 {{ play C }} else {{ play D }} }}\n"
    elif kind == "many-clauses":
        n = min(n, 20000)
        text = "game G {\n  actions " + ", ".join(f"a{i}" for i in range(min(n, 70))) + "\n" + "".join(
            f"  payoff (a{i % 70}, a{(i // 70) % 70}) = ({i}, {i})\n" for i in range(n)) + "}\nprogram A { play a0 }\n"
    elif kind in ("many-rounds", "round-history", "discount-overflow"):
        rounds = rng.choice([2, 12, 49, 50, 51, 1000, 2**63 - 1]) if kind != "discount-overflow" else rng.choice([12, 21, 30, 50])
        discount = rng.choice(["99/100", "9/10", "1/2", "1/3", "9999/10000", "1/9223372036854775807"]) if kind == "discount-overflow" else "9/10"
        cost = rng.choice(["1", "9223372036854775807", "4611686018427387903", "1/3"]) if kind == "discount-overflow" else "0"
        grid = rng.choice(["0..100 step 10", "0..100 step 1", "0..100 step 2", "{0, 50, 100}"])
        depth = min(n, 300)
        history = " + ".join(["their last demand"] * rng.choice([1, 2, 50])) if kind == "round-history" else "0"
        text = (f"game G {{\n  resource 100\n  demands {grid}\n  outside walk, fight\n"
                "  disagreement (walk, walk) = (0, 0)\n  disagreement (fight, walk) = (40, -10)\n"
                "  disagreement (walk, fight) = (-10, 40)\n  disagreement (fight, fight) = (-30, -30)\n"
                f"  rounds {rounds}\n  discount {discount}\n  cost per round {cost}\n"
                + ("  lock when repeated\n" if rng.random() < 0.3 else "") + "}\n"
                "program Stubborn { demand 100 outside walk }\n"
                "program Conceder { if round == 1 { demand 100 outside walk } else { demand 0 outside walk } }\n"
                f"program Reader {{ if round > 1 and {history} >= 0 {{ demand their last demand outside walk }} else {{ demand 50 outside walk }} }}\n"
                "program Alice { if provable(them(me) eventually accepts 100) { demand 100 outside walk } else { demand 50 outside fight } }\n"
                f"program Probe {{ if (them(me) at round {rng.choice([1, 2, rounds, rounds + 1, 2**63 - 1])} sticking to 50).demand <= 50 {{ demand 50 outside walk }} else {{ demand 0 outside walk }} }}\n"
                "program Deep { if " + "provable(" * min(depth, 150) + "them(me) eventually accepts 50" + ")" * min(depth, 150)
                + " { demand 50 outside walk } else { demand 0 outside walk } }\n")
        names = ["Stubborn", "Conceder", "Reader", "Alice", "Probe", "Deep"]
        return kind, text.encode(), [f"f.bargain:{rng.choice(names)}", f"f.bargain:{rng.choice(names)}"]
    elif kind in ("delegation-chain", "delegation-circle"):
        n = min(n, 300)
        game = ("game G {\n  resource 100\n  demands 0..100 step 10\n  outside walk, fight\n  default outside walk\n"
                "  disagreement (walk, walk) = (0, 0)\n  disagreement (fight, walk) = (40, -10)\n"
                "  disagreement (walk, fight) = (-10, 40)\n  disagreement (fight, fight) = (-30, -30)\n}\n")
        text = game + "program Demand(x: int = 50) { demand x }\n"
        for i in range(n):
            target = f"S{i + 1}" if i + 1 < n else ("S0" if kind == "delegation-circle" else "")
            body = f"plan {{ at 0 {{ commit delegate {target} }} }}\n" if target else ""
            text += f"agent S{i} {{\n{body}main Demand({(i % 11) * 10})\n}}\n"
        text += "plan { at 0 { commit delegate S0 } }\nmain Demand\n"
        return kind, text.encode(), ["f.bargain", "f.bargain"]
    elif kind in ("many-draws", "nested-draws"):
        n = min(n, 40) if kind == "many-draws" else min(n, 250)
        game = ("game G {\n  resource 100\n  demands 0..100 step 1\n  outside walk\n  default outside walk\n"
                "  disagreement (walk, walk) = (0, 0)\n}\n")
        if kind == "many-draws":
            steps = "".join(f"  at {rng.choice([0, i])} {{ with probability 1/2 {{ commit demand <= {i % 100} }} else {{ }} }}\n" for i in range(n))
        else:
            steps = "  at 0 " + "{ with probability 1/2 " * n + "{ commit demand <= 50 }" + " else { } }" * n + "\n"
        text = game + "program Greedy { demand 90 }\nplan {\n" + steps + "}\nmain Greedy\n"
        return kind, text.encode(), ["f.bargain", "f.bargain"]
    elif kind == "payoff-commitments":
        n = min(n, 3000)
        outs = [f"o{i}" for i in range(rng.choice([1, 2, 5, 30]))]
        game = ("game G {\n  resource 100\n  demands 0..100 step 10\n  outside " + ", ".join(outs) + "\n  default outside o0\n"
                + "".join(f"  disagreement ({a}, {b}) = (-1, -1)\n" for a in outs for b in outs) + "}\n")
        big = rng.choice(["-5", "9223372036854775807", "-9223372036854775807", "1/3", "9223372036854775806/9223372036854775807"])
        actions = "".join(f"    commit {'surrogate' if i % 2 else 'renegotiate'} ({outs[i % len(outs)]}, {outs[(i // len(outs)) % len(outs)]}) = "
                          + (f"{big}\n" if i % 2 else f"({big}, {big})\n") for i in range(min(n, 900)))
        text = (game + "grant renegotiate at 0\nprogram Hawk { if they committed renegotiate (o0, o0) = (-5, -5) { demand 100 } else { demand 50 } }\n"
                "plan {\n  at 0 {\n" + actions + "  }\n}\nmain Hawk\n")
        return kind, text.encode(), ["f.bargain", "f.bargain"]
    else:  # modal-levels
        level = rng.choice([100, 1000, 9999, 10000, 10001, 2**62])
        text = head + f"program A {{ if provable[{level}](them(me) == C) {{ play C }} else {{ play D }} }}\n"
    return kind, text.encode(), []


# ---------------------------------------------------------------------------------------------
# Mutation
# ---------------------------------------------------------------------------------------------


def mutate(rng: random.Random, data: bytes, donors: list[bytes]) -> tuple[bytes, str]:
    """One to three mutations of data; returns the result and the names of what was done."""
    done = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.choice([
            "byte-flip", "byte-insert", "delete-range", "duplicate-range", "line-delete",
            "line-duplicate", "line-swap", "token-splice", "token-replace", "number", "nesting",
            "long-ident", "non-utf8", "truncate", "nul", "crlf", "keyword", "unicode",
        ])
        data = apply_mutation(rng, op, data, donors)
        done.append(op)
    return data, "+".join(done)


def apply_mutation(rng: random.Random, op: str, data: bytes, donors: list[bytes]) -> bytes:
    n = len(data)
    pos = rng.randint(0, n) if n else 0
    if op == "byte-flip" and n:
        i = rng.randrange(n)
        return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
    if op == "byte-insert":
        return data[:pos] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[pos:]
    if op == "delete-range" and n:
        end = min(n, pos + rng.choice([1, 1, 2, 5, 20, 100]))
        return data[:pos] + data[end:]
    if op == "duplicate-range" and n:
        end = min(n, pos + rng.choice([1, 5, 20, 100, 1000]))
        return data[:pos] + data[pos:end] * rng.choice([2, 2, 10, 1000]) + data[pos:]
    lines = data.split(b"\n")
    if op == "line-delete" and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
        return b"\n".join(lines)
    if op == "line-duplicate" and lines:
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.choice([1, 1, 2, 10, 100])
        return b"\n".join(lines)
    if op == "line-swap" and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    tokens = TOKEN_RE.findall(data)
    if op == "token-splice" and tokens:
        donor = TOKEN_RE.findall(rng.choice(donors)) if donors else tokens
        i = rng.randrange(len(tokens))
        j = min(len(tokens), i + rng.choice([0, 1, 1, 2, 5, 20]))
        k = rng.randrange(len(donor)) if donor else 0
        piece = donor[k:k + rng.choice([1, 2, 5, 10, 40])]
        return b"".join(tokens[:i] + piece + tokens[j:])
    if op == "token-replace" and tokens:
        i = rng.randrange(len(tokens))
        tokens[i] = rng.choice(PUNCTUATION + KEYWORDS + CONTEXTUAL).encode()
        return b"".join(tokens)
    if op == "number":
        numbers = [i for i, t in enumerate(tokens) if t.isdigit()]
        value = str(rng.choice(BIG_INTS + NEGATIVE_INTS)).encode()
        if numbers:
            tokens[rng.choice(numbers)] = value
            return b"".join(tokens)
        return data[:pos] + value + data[pos:]
    if op == "nesting" and tokens:
        depth = rng.choice(LIMIT_DEPTHS)
        i = rng.randrange(len(tokens))
        kind = rng.random()
        if kind < 0.4:
            return b"".join(tokens[:i]) + b"(" * depth + tokens[i] + b")" * depth + b"".join(tokens[i + 1:])
        if kind < 0.6:
            return b"".join(tokens[:i]) + b"not " * depth + b"".join(tokens[i:])
        if kind < 0.8:
            return b"".join(tokens[:i]) + b"{" * depth + b"".join(tokens[i:]) + b"}" * depth
        return b"".join(tokens[:i]) + b"-" * depth + b"".join(tokens[i:])
    if op == "long-ident":
        idents = [i for i, t in enumerate(tokens) if re.match(rb"[A-Za-z_]", t)]
        name = b"X" * rng.choice([256, 10000, 300000, (1 << 20) + 1])
        if idents:
            tokens[rng.choice(idents)] = name
            return b"".join(tokens)
        return data + name
    if op == "non-utf8":
        return data[:pos] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80", b"\xc0\xaf"]) + data[pos:]
    if op == "truncate":
        return data[:pos]
    if op == "nul":
        return data[:pos] + b"\x00" + data[pos:]
    if op == "crlf":
        return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b"\x0b", b"\t"]))
    if op == "keyword" and tokens:
        idents = [i for i, t in enumerate(tokens) if re.match(rb"[A-Za-z_]", t)]
        if idents:
            tokens[rng.choice(idents)] = rng.choice(KEYWORDS + CONTEXTUAL).encode()
        return b"".join(tokens)
    if op == "unicode":
        return data[:pos] + rng.choice(["é", "λ", "🙂", "\u200b", "\u00a0", "Ａ", "\u202e", "\ufeff"]).encode() + data[pos:]
    return data


# ---------------------------------------------------------------------------------------------
# Command lines
# ---------------------------------------------------------------------------------------------

ODD_ARGS = ["", "-", ".", "/", "a", "..", "x.bargain", "a.bp", "--", "-h", "help", "--version", "nonexistent.bargain",
            "a.bargain:", ":", "a.bargain:(", "dir.bargain", "/dev/null", "/dev/zero", "\x7f", "é.bargain"]


def play_options(rng: random.Random) -> list[str]:
    options = []
    for flag in ["--json", "--explain", "--frames", "--timeline"]:
        if rng.random() < 0.2:
            options.append(flag)
    if rng.random() < 0.2:
        options += ["--seed", str(rng.choice([0, 1, 7, 42, 2**64 - 1, rng.randrange(2**32)]) if rng.random() < 0.95 else rng.choice(["-1", "x", "18446744073709551616"]))]
    for flag in ["--horizon", "--lag"]:
        if rng.random() < 0.12:
            options += [flag, str(rng.choice([0, 1, 2, 3, 5, 10, 20, 100, 9999, 10000, 10001, -1, 2**63]))]
    rng.shuffle(options) if rng.random() < 0.1 else None
    return options


def command_line(rng: random.Random, files: list[str], agents: list[str], statement: str | None) -> list[str]:
    """A command line over the case's files: mostly a match, sometimes check, prove, threshold."""
    r = rng.random()
    if r < 0.03:
        return [rng.choice(ODD_ARGS) for _ in range(rng.randint(0, 4))]
    if r < 0.25 and files:
        chosen = rng.sample(files, rng.randint(1, min(3, len(files))))
        if rng.random() < 0.05:
            chosen.append(rng.choice(ODD_ARGS))
        return ["check", *chosen]
    if r < 0.35 and files:
        args = ["prove", rng.choice(files), statement or "FairBot(FairBot) == C"]
        if rng.random() < 0.4:
            args += ["--budget", str(rng.choice([0, 1, 6, 9, 100, 1000, 100000, 2**63 - 1, -1]))]
        if rng.random() < 0.3:
            args.append("--json")
        return args
    if r < 0.43 and agents:
        args = ["threshold", *rng.sample(agents, rng.randint(1, min(2, len(agents))))]
        for flag in ["--from", "--to"]:
            if rng.random() < 0.3:
                args += [flag, str(rng.choice([0, 1, 5, 10, 20, 100, 1000, 10000, -1]))]
        if rng.random() < 0.3:
            args.append("--json")
        return args
    if r < 0.52 and agents:
        # `bargain spi A B --with A2 B2` (rule SP4): the same or other agents, sometimes malformed.
        four = [rng.choice(agents) for _ in range(4)]
        if rng.random() < 0.3:
            four[2:] = four[:2]
        args = ["spi", *four[:2], "--with", *four[2:]]
        if rng.random() < 0.05:
            args = ["spi", *rng.sample(args[1:], rng.randint(0, 5))]
        for flag in ["--json"]:
            if rng.random() < 0.3:
                args.append(flag)
        for flag in ["--horizon", "--lag"]:
            if rng.random() < 0.1:
                args += [flag, str(rng.choice([0, 1, 3, 10, 10000, 10001, -1]))]
        return args
    if r < 0.57 and agents:
        args = ["tournament", *[rng.choice(agents) for _ in range(rng.randint(1, 4))]]
        if rng.random() < 0.3:
            args.append(rng.choice(["--json", "--csv"]))
        return args
    pair = [rng.choice(agents) for _ in range(2)] if agents else [rng.choice(ODD_ARGS) for _ in range(2)]
    if rng.random() < 0.03:
        pair = pair[: rng.randint(0, 1)] + [rng.choice(ODD_ARGS)] * rng.randint(0, 2)
    if rng.random() < 0.05:
        return ["play", *pair, *play_options(rng)]
    return [*pair, *play_options(rng)]


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


class Case:
    def __init__(self, index: int):
        self.index = index
        self.files: dict[str, bytes] = {}
        self.argv: list[str] = []
        self.origin = ""
        self.stdout_mode = "pipe"  # "pipe", "full" (/dev/full) or "closed"
        self.toplevel: list[str] = []  # file paths named on the command line


def program_specs(path: str, data: bytes, rng: random.Random) -> list[str]:
    """Agent specs for a file: the file itself, or FILE:Name for a program it declares."""
    # Names longer than a command-line argument may be (128 KiB on Linux) are skipped.
    names = [n for n in re.findall(rb"program\s+([A-Za-z_][A-Za-z0-9_]*)", data) if len(n) < 100_000]
    specs = [path]
    for name in names[:5]:
        spec = f"{path}:{name.decode()}"
        if rng.random() < 0.3:
            spec += f"({rng.choice(['', '1', '100', '1/2', 'C', 'me', 'FairBot', 'true'])})"
        specs.append(spec)
    return specs


def build_case(seed: int, index: int, programs: dict[str, bytes], goldens: list, modal_share: float = MODAL_SHARE) -> Case:
    # Modal tournaments are drawn from a stream of their own, so the other cases of a seed stay
    # what they were before that generator existed.
    if random.Random(f"{seed}:{index}:modal").random() < modal_share:
        return modal_case(random.Random(f"{seed}:{index}:modal-case"), Case(index))
    rng = random.Random(f"{seed}:{index}")
    case = Case(index)
    r = rng.random()
    statement = None
    if r < 0.45:
        generator = Generator(rng)
        files, agents = generator.file_set()
        if rng.random() < 0.15:
            target = rng.choice(sorted(files))
            files[target], how = mutate(rng, files[target], list(programs.values()))
            case.origin = f"generate+mutate:{how}"
        else:
            case.origin = "generate+sloppy" if generator.sloppy else "generate"
        if generator.programs:
            statement = generator.statement(2)
            if rng.random() < 0.5:
                p = rng.choice(generator.programs)
                statement = statement.replace("them", p.name).replace("me", rng.choice([q.name for q in generator.programs]))
        if rng.random() < 0.15:
            # Mixed: play a generated agent against an example program.
            case.files.update(programs)
            agents = agents + [rng.choice(program_specs(p, d, rng)) for p, d in rng.sample(sorted(programs.items()), 1)]
        case.files.update(files)
    elif r < 0.8:
        case.files.update(programs)
        paths = sorted(programs)
        target = rng.choice(paths)
        case.files[target], how = mutate(rng, programs[target], list(programs.values()))
        case.origin = f"mutate:{target}:{how}"
        # Often play the mutated file against one of its neighbours or a common opponent.
        folder = os.path.dirname(target)
        neighbours = [p for p in paths if os.path.dirname(p) == folder]
        agents = program_specs(target, case.files[target], rng) + [rng.choice(neighbours), rng.choice(paths)]
        agents = [rng.choice(agents[: max(1, len(agents) - 2)]), rng.choice(agents)]
        if rng.random() < 0.5:
            agents.reverse()
        statement = rng.choice(["FairBot(FairBot) == C", "them(me) == C", "Alice(FairSplit).demand == 50", "LobianFair(LobianFair).demand <= 50", "BoundedFairBot(6)(BoundedFairBot(6)) == C", "1 + 1 == 2", "MirrorBot(MirrorBot) == C"])
    elif r < 0.9 and goldens:
        name, args, files = rng.choice(goldens)
        case.files.update(files)
        target = rng.choice(sorted(files))
        case.files[target], how = mutate(rng, files[target], list(files.values()) + list(programs.values()))
        case.origin = f"golden:{name}:{how}"
        agents = [a for a in args if not a.startswith("-") and a not in ("check", "prove", "threshold", "play", "spi", "tournament", "--with")]
        if len(agents) < 2:
            agents = program_specs(target, case.files[target], rng)
        if rng.random() < 0.5:
            case.argv = list(args)
            return finish_case(rng, case)
    else:
        kind, data, extra = stress_file(rng)
        case.files["f.bargain"] = data
        case.origin = f"stress:{kind}"
        agents = extra or program_specs("f.bargain", data, rng)[:2]
        agents = [rng.choice(agents), rng.choice(agents + ["f.bargain"])]
        if rng.random() < 0.2:
            case.files.update(programs)
            agents[1] = "Programs/prisoners-dilemma/FairBot.bargain"
        statement = rng.choice(["A(A) == C", "A(FairBot) == C", "FairBot(A) == C"])
    files = sorted(p for p in case.files if not p.startswith("Programs/")) or sorted(case.files)
    if case.origin.startswith("mutate:"):
        files = [case.origin.split(":")[1]] + rng.sample(sorted(programs), 1)
    case.argv = command_line(rng, files, agents, statement)
    return finish_case(rng, case)


def agent_path(spec: str) -> str:
    """The file of an agent spec `FILE` or `FILE:PROGRAM` (as the CLI splits it)."""
    for suffix in (".bargain:", ".bp:"):
        if suffix in spec:
            return spec[: spec.index(suffix) + len(suffix) - 1]
    return spec


SHORT_NAMES = ["a", "b", "x", "1", "ab", "a.b", ".a", "a b", "-a"]


def finish_case(rng: random.Random, case: Case) -> Case:
    # Files with short names and no extension, named on the command line or imported.
    r = rng.random()
    named = [i for i, a in enumerate(case.argv) if agent_path(a) in case.files]
    if r < 0.03 and named:
        i = rng.choice(named)
        short = rng.choice(SHORT_NAMES)
        source = agent_path(case.argv[i])
        directory = os.path.dirname(source)
        target = os.path.join(directory, short) if directory and rng.random() < 0.5 else short
        case.files[target] = case.files[source]
        case.argv[i] = target + case.argv[i][len(source):]
    elif r < 0.05 and case.files:
        host = rng.choice(sorted(case.files))
        short = rng.choice(SHORT_NAMES)
        case.files[os.path.join(os.path.dirname(host), short)] = rng.choice(sorted(case.files.values()))
        case.files[host] = f'import "{short}"\n'.encode() + case.files[host]
    case.toplevel = case.argv + [agent_path(a) for a in case.argv]
    # Writing to an unwritable stdout (a full disk, a closed descriptor) must not crash.
    r = rng.random()
    if r < 0.01:
        case.stdout_mode = "full"
    elif r < 0.02:
        case.stdout_mode = "closed"
    return case


# ---------------------------------------------------------------------------------------------
# Running and classifying
# ---------------------------------------------------------------------------------------------

CONFIG: dict = {}

COMMANDS = ("check", "prove", "threshold", "spi", "tournament")

LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning|note): ")
ERROR_LINE = re.compile(r"^(?P<place>.*?)error: (?P<message>.*)$")


def write_files(directory: str, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        full = os.path.join(directory, path)
        os.makedirs(os.path.dirname(full) or directory, exist_ok=True)
        with open(full, "wb") as handle:
            handle.write(data)
    os.makedirs(os.path.join(directory, "dir.bargain"), exist_ok=True)  # a directory posing as a file


def full_argv(case: Case, config: dict) -> list[str]:
    argv = list(case.argv)
    command = argv[0] if argv and argv[0] in COMMANDS else "play"
    if config.get("time_limit") and command in config.get("time_limit_commands", ()):
        argv += ["--time-limit", str(config["time_limit"])]
    return argv


def execute(case: Case, config: dict, directory: str, backtrace: bool = False) -> dict:
    argv = [config["binary"], *full_argv(case, config)]
    memory = config["memory_mb"] << 20
    mode = case.stdout_mode

    cpu_cap = max(1, math.ceil(config["timeout"]))

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        # CPU time is the hang criterion (SIGXCPU at the cap): on a shared machine wall time is not.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_cap, cpu_cap + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if mode == "closed":
            os.close(1)

    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    env["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,sanitize=yes" if backtrace else "enable=no"
    stdout = subprocess.PIPE
    sink = None
    if mode == "full":
        sink = open("/dev/full", "wb")
        stdout = sink
    elif mode == "closed":
        stdout = subprocess.DEVNULL
    start = time.monotonic()
    # This worker runs one child at a time, so the growth of its children's usage is this case's
    # CPU time: a fairer measure of "slow" than wall time on a shared machine.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    timed_out = False
    try:
        process = subprocess.Popen(argv, cwd=directory, stdin=subprocess.DEVNULL, stdout=stdout,
                                   stderr=subprocess.PIPE, preexec_fn=limits, env=env)
        try:
            out, err = process.communicate(timeout=config["wall_timeout"] * (3 if backtrace else 1))
        except subprocess.TimeoutExpired:
            timed_out = True
            process.kill()
            out, err = process.communicate()
    finally:
        if sink:
            sink.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "returncode": process.returncode, "timed_out": timed_out, "seconds": time.monotonic() - start, "cpu": cpu,
        "stdout": out or b"", "stderr": err or b"",
    }


def missing_location(stderr: str, toplevel: list[str]) -> str | None:
    """The first `error:` line that names no file:line:col (the --time-limit message, failures to
    write the report and an empty path excepted: they are about the whole run, its streams, or no
    file at all). Errors about a whole file name it as file:1:1."""
    for line in stderr.split("\n"):
        if not line or line[0].isspace() or LOCATED.match(line):
            continue
        match = ERROR_LINE.match(line)
        if not match or (match.group("place") and not match.group("place").endswith(": ")):
            continue
        # A directory `check` was given holds too many files: about the command line, no file.
        if re.search(r"resource limit reached: \d+ s passed while|^cannot write the report to standard|^'' is not a program file"
                     r"|holds more than \d+ program files \(maxCheckedFiles\)",
                     match.group("message")):
            continue
        return line
    return None


def normalize(text: str) -> str:
    """A message with its particulars (names, paths, numbers, lists) blanked, for deduplication."""
    text = re.sub(r"'[^']*'|`[^`]*`", "'_'", text)
    text = re.sub(r"\S+\.(bargain|bp)\b|<[^>]*>", "F", text)
    text = re.sub(r"\([^()]*\)", "(_)", text)
    text = re.sub(r"\b[A-Z]\w*", "X", text)
    text = re.sub(r"0x[0-9a-f]+", "0x_", text)
    return re.sub(r"\d+", "N", text)[:160]


def crash_signature(stderr: str) -> str:
    """The Swift fatal-error message and the first frame in our sources, from a backtrace."""
    parts = []
    for line in stderr.split("\n"):
        failure = re.search(r"runtime failure: (.+?)(?: in \S+ at |$)", line)
        if failure:
            parts.append(failure.group(1).strip(" *"))
            break
        if "Fatal error" in line:
            parts.append(normalize(line.split("Fatal error", 1)[-1].strip(": ")))
            break
    frames = []
    for line in stderr.split("\n"):
        frame = re.search(r"0x[0-9a-f]+ (?:\[\w+\] )*(.+?)(?: \+ \d+)? in \S+ at (\S+?/Sources/\S+?\.swift):(\d+)", line)
        if frame:
            function = re.sub(r"\(.*", "", frame.group(1)).strip()
            frames.append(f"{function} ({os.path.basename(frame.group(2))}:{frame.group(3)})")
    common = max(sorted(set(frames)), key=frames.count) if frames else ""
    if frames and frames.count(common) >= 8:
        # A stack overflow: the top frame varies, the recursion does not; name its commonest frame.
        parts.append(f"recursion through {common}")
    elif frames:
        parts.append(frames[0])
    return " | ".join(parts)


def origin_kind(origin: str) -> str:
    """`generate`, `mutate`, `golden`, `stress:parens`, ...: how a case was made, for statistics."""
    return origin if origin.startswith("stress:") else origin.split(":")[0]


def classify(case: Case, result: dict, config: dict) -> tuple[str, str, str]:
    """(class, dedupe key, one-line detail)."""
    stderr = result["stderr"].decode("utf-8", "replace")
    command = case.argv[0] if case.argv and case.argv[0] in COMMANDS else "play"
    kind = origin_kind(case.origin)
    code = result["returncode"]
    if result["timed_out"]:
        return "hang", f"hang {command} {kind}", f"no exit after {config['wall_timeout']:g} s wall ({result['cpu']:.1f} s CPU)"
    # SIGXCPU comes only from the CPU cap (its accounting can read a hair under the cap); SIGKILL at
    # the cap is the hard limit one second later.
    if code == -signal.SIGXCPU or (code == -signal.SIGKILL and result["cpu"] >= config["timeout"]):
        return "hang", f"hang {command} {kind}", f"more than {config['timeout']:g} s CPU"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return "crash", f"crash {name} stdout={case.stdout_mode}", name
    # `spi` exits 4 when the replacement is not a safe Pareto improvement (rule SP4).
    if code not in (0, 1, 2, 3) and not (command == "spi" and code == 4):
        return "bad-exit", f"bad-exit {code} {command}", f"exit {code}"
    if code in (1, 3):
        line = missing_location(stderr, case.toplevel)
        if line:
            general = line
            for path in sorted(set(case.files) | {a for a in case.toplevel if a}, key=len, reverse=True):
                general = re.sub(r"(?<![\w./-])" + re.escape(path) + r"(?![\w./-])", "F", general)
            return "missing-location", f"missing-location {normalize(general)}", line[:200]
    limit = config.get("time_limit")
    if result["cpu"] > config["slow"] or (limit and code == 3 and result["seconds"] >= 0.9 * limit):
        return "slow", f"slow {command} {kind}", f"{result['cpu']:.1f} s CPU ({result['seconds']:.1f} s wall), exit {code}"
    return "ok", "", ""


def run_case(index: int) -> dict:
    """Runs case `index`; a problem of the fuzzer itself is reported as class `fuzzer-error`."""
    try:
        return run_case_unguarded(index)
    except Exception as error:  # noqa: BLE001 - a campaign must survive its own bugs
        return {"index": index, "class": "fuzzer-error", "key": f"fuzzer-error {type(error).__name__}",
                "detail": f"{type(error).__name__}: {error}"[:300], "origin": "", "exit": None, "seconds": 0.0,
                "argv": []}


GENERAL_PATH = "--general-path"
TIME_LIMIT_HIT = re.compile(r"resource limit reached: [\d.]+ s passed while")


def general_path_case(case: Case) -> Case | None:
    """The same `tournament` case with `--general-path` (rule R10 off), or None for other commands.
    The flag goes right after the command word, so a trailing option still takes its own value."""
    if not case.argv or case.argv[0] != "tournament":
        return None
    other = Case(case.index)
    other.files, other.origin, other.stdout_mode = case.files, case.origin, case.stdout_mode
    other.argv = [case.argv[0], GENERAL_PATH, *case.argv[1:]]
    other.toplevel = other.argv + [agent_path(a) for a in other.argv]
    return other


def finished(result: dict, config: dict) -> bool:
    """A run whose exit code and stdout mean something: no cap and no --time-limit stopped it
    (the general path is slower, so only one of the two may reach a limit of time)."""
    code = result["returncode"]
    if result["timed_out"] or code < 0:
        return False
    return not (code == 3 and TIME_LIMIT_HIT.search(result["stderr"].decode("utf-8", "replace")))


def compare_paths(case: Case, fast: dict, general: dict) -> tuple[str, str] | None:
    """(key, detail) when the fast-path and general-path runs differ in exit code or stdout."""
    formats = " ".join(a for a in case.argv[1:] if a in ("--json", "--csv", "--ordered")) or "text"
    if fast["returncode"] != general["returncode"]:
        return (f"mismatch exit {fast['returncode']}/{general['returncode']} {origin_kind(case.origin)}",
                f"exit {fast['returncode']} (fast path) vs {general['returncode']} (--general-path)")
    if case.stdout_mode != "pipe" or fast["stdout"] == general["stdout"]:
        return None  # /dev/full or a closed stdout: only the exit code is comparable
    a = fast["stdout"].decode("utf-8", "replace").split("\n")
    b = general["stdout"].decode("utf-8", "replace").split("\n")
    diff = [line for line in difflib.unified_diff(a, b, "fast", "general", n=0, lineterm="")
            if not line.startswith(("---", "+++", "@@"))]
    # The first two lines of each side ("-" the fast path's, "+" the general path's).
    excerpt = [line for line in diff if line[0] == "-"][:2] + [line for line in diff if line[0] == "+"][:2]
    return (f"mismatch stdout {formats} {origin_kind(case.origin)}",
            f"stdout differs ({len(diff)} lines): " + " | ".join(line[:120] for line in excerpt))


def execute_fresh(case: Case, config: dict, backtrace: bool = False) -> dict:
    """Runs a case in a fresh scratch directory of its own, removed afterwards."""
    scratch = tempfile.mkdtemp(prefix="bargain-fuzz-", dir=config.get("tmp"))
    try:
        write_files(scratch, case.files)
        return execute(case, config, scratch, backtrace=backtrace)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def evaluate(case: Case, config: dict) -> tuple[str, str, str, dict]:
    """Runs a case in a fresh directory: (class, key, detail, raw result). A `tournament` case is
    run a second time with --general-path, in a directory of its own (a first run may write
    files), and is a `mismatch` when the exit code or stdout differ."""
    directory = tempfile.mkdtemp(prefix="bargain-fuzz-", dir=config.get("tmp"))
    try:
        write_files(directory, case.files)
        result = execute(case, config, directory)
        cls, key, detail = classify(case, result, config)
        if cls == "crash":
            # Rerun with the Swift backtracer on to name the crashing function.
            traced = execute(case, config, directory, backtrace=True)
            signature = crash_signature(traced["stderr"].decode("utf-8", "replace"))
            key += " " + signature
            detail += " " + signature
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    general_case = general_path_case(case) if config.get("differential", True) else None
    if general_case and cls in ("ok", "slow", "missing-location") and finished(result, config):
        general = execute_fresh(general_case, config)
        result["general"] = general
        # A general path stopped by a cap or --time-limit is slow, not different; a signal is.
        if finished(general, config) or (general["returncode"] < 0 and general["returncode"] != -signal.SIGXCPU
                                         and not general["timed_out"] and general["cpu"] < config["timeout"]):
            result["compared"] = True
            different = compare_paths(case, result, general)
            if different:
                cls, (key, detail) = "mismatch", different
    return cls, key, detail, result


def run_case_unguarded(index: int) -> dict:
    config = CONFIG
    case = build_case(config["seed"], index, config["programs"], config["goldens"], config["modal_share"])
    cls, key, detail, result = evaluate(case, config)
    return {
        "index": index, "class": cls, "key": key, "detail": detail, "origin": case.origin,
        "exit": result["returncode"], "seconds": round(result["seconds"], 3), "cpu": round(result["cpu"], 3),
        "argv": case.argv, "tournament": general_path_case(case) is not None, "compared": result.get("compared", False),
    }


def init_worker(config: dict) -> None:
    CONFIG.update(config)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# ---------------------------------------------------------------------------------------------
# Reproducers
# ---------------------------------------------------------------------------------------------


def save_reproducer(out: str, finding: dict, config: dict) -> str:
    case = build_case(config["seed"], finding["index"], config["programs"], config["goldens"], config["modal_share"])
    digest = hashlib.sha1(finding["key"].encode()).hexdigest()[:8]
    directory = os.path.join(out, f"{finding['class']}-{digest}")
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    files_dir = os.path.join(directory, "files")
    os.makedirs(files_dir)
    # Keep only files the case changed or names; the examples can be copied back from Programs/.
    programs = config["programs"]
    kept = {p: d for p, d in case.files.items() if programs.get(p) != d}
    uses_programs = any(p.startswith("Programs/") for p in case.files)
    write_files(files_dir, kept)
    argv = full_argv(case, config)
    redirect = {"pipe": "", "full": " >/dev/full", "closed": " >&-"}[case.stdout_mode]
    copy = 'cp -rn "$REPO/Programs" files/ 2>/dev/null || true\n' if uses_programs else ""
    script = (
        "#!/bin/sh\n# Reproduces fuzz case %d (seed %d): %s\n"
        "cd \"$(dirname \"$0\")\"\nREPO=${REPO:-%s}\nBIN=${BIN:-$REPO/.build/release/bargain}\n%s"
        "cd files && ulimit -v %d && \"$BIN\" %s%s\necho \"exit $?\"\n"
    ) % (case.index, config["seed"], finding["class"], shlex.quote(REPO), copy, config["memory_mb"] << 10,
         " ".join(shlex.quote(a) for a in argv), redirect)
    general_case = general_path_case(case)
    if finding["class"] == "mismatch" and general_case:
        # Both runs, then their difference; exit 1 while they still differ.
        script = (
            "#!/bin/sh\n# Reproduces fuzz case %d (seed %d): mismatch between the modal fast path and --general-path\n"
            "cd \"$(dirname \"$0\")\"\nREPO=${REPO:-%s}\nBIN=${BIN:-$REPO/.build/release/bargain}\n%s"
            ": > fast.out; : > general.out\n"
            "(cd files && ulimit -v %d && \"$BIN\" %s%s); fast=$?\n"
            "(cd files && ulimit -v %d && \"$BIN\" %s%s); general=$?\n"
            "echo \"exit $fast (fast path), $general (--general-path)\"\n"
            "if [ \"$fast\" = \"$general\" ] && diff fast.out general.out; then echo same; else echo MISMATCH; exit 1; fi\n"
        ) % (case.index, config["seed"], shlex.quote(REPO), copy,
             config["memory_mb"] << 10, " ".join(shlex.quote(a) for a in argv),
             redirect or " > ../fast.out",
             config["memory_mb"] << 10, " ".join(shlex.quote(a) for a in full_argv(general_case, config)),
             redirect or " > ../general.out")
    with open(os.path.join(directory, "repro.sh"), "w") as handle:
        handle.write(script)
    os.chmod(os.path.join(directory, "repro.sh"), 0o755)
    # Run once more with the backtracer on, in a scratch copy, to keep the evidence.
    result = execute_fresh(case, config, backtrace=finding["class"] == "crash")
    if finding["class"] == "mismatch" and general_case:
        general = execute_fresh(general_case, config)
        with open(os.path.join(directory, "stdout.general-path"), "wb") as handle:
            handle.write(general["stdout"][:1 << 20])
        with open(os.path.join(directory, "stderr.general-path"), "wb") as handle:
            handle.write(general["stderr"][:1 << 20])
    with open(os.path.join(directory, "stdout"), "wb") as handle:
        handle.write(result["stdout"][:1 << 20])
    with open(os.path.join(directory, "stderr"), "wb") as handle:
        handle.write(result["stderr"][:1 << 20])
    info = dict(finding, seed=config["seed"], full_argv=argv, stdout_mode=case.stdout_mode,
                uses_programs=uses_programs, rerun_exit=result["returncode"], rerun_timed_out=result["timed_out"])
    with open(os.path.join(directory, "info.json"), "w") as handle:
        json.dump(info, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return directory


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def minimize(config: dict, directory: str, budget: int) -> int:
    """Shrinks the reproducer in `directory` while it keeps its class and key: drops files,
    command-line options, then chunks of lines and of tokens (delta debugging). Writes the result
    to `directory/minimized/` and prints it."""
    with open(os.path.join(directory, "info.json")) as handle:
        info = json.load(handle)
    case = Case(info["index"])
    case.origin, case.stdout_mode = info["origin"], info["stdout_mode"]
    case.argv = list(info["argv"])
    files_dir = os.path.join(directory, "files")
    for root, _, names in os.walk(files_dir):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                case.files[os.path.relpath(path, files_dir)] = handle.read()
    if info.get("uses_programs"):
        for path, data in config["programs"].items():
            case.files.setdefault(path, data)
    case.toplevel = case.argv + [agent_path(a) for a in case.argv]
    runs = 0

    def holds(candidate: Case) -> bool:
        nonlocal runs
        if runs >= budget:
            return False
        runs += 1
        cls, key, _, _ = evaluate(candidate, config)
        return cls == info["class"] and key == info["key"]

    def variant(files: dict | None = None, argv: list | None = None) -> Case:
        other = Case(case.index)
        other.origin, other.stdout_mode = case.origin, case.stdout_mode
        other.files = dict(case.files if files is None else files)
        other.argv = list(case.argv if argv is None else argv)
        other.toplevel = other.argv + [agent_path(a) for a in other.argv]
        return other

    if not holds(case):
        print(f"fuzz: {directory} no longer reproduces ({info['class']}: {info['key']})", file=sys.stderr)
        return 1
    for path in sorted(case.files):
        smaller = {p: d for p, d in case.files.items() if p != path}
        if holds(variant(files=smaller)):
            case.files = smaller
    i = 0
    while i < len(case.argv):
        width = 2 if case.argv[i] in ("--seed", "--horizon", "--lag", "--budget", "--from", "--to", "--jobs", "--dynamics") else 1
        if case.argv[i].startswith("--") and holds(variant(argv=case.argv[:i] + case.argv[i + width:])):
            case.argv = case.argv[:i] + case.argv[i + width:]
        else:
            i += 1

    if case.argv and case.argv[0] == "tournament":
        # A population: drop agents one at a time (at least one stays), then unused programs.
        i = 1
        while i < len(case.argv):
            agents = [a for a in case.argv[1:] if not a.startswith("-")]
            if case.argv[i].startswith("-") or len(agents) <= 1 or case.argv[i - 1] in ("--jobs", "--dynamics", "--seed"):
                i += 1
            elif holds(variant(argv=case.argv[:i] + case.argv[i + 1:])):
                case.argv = case.argv[:i] + case.argv[i + 1:]
            else:
                i += 1
        for path in sorted(case.files):
            if config["programs"].get(path) == case.files[path]:
                continue
            pieces = re.split(rb"(?m)^(?=program )", case.files[path])
            j = 1
            while j < len(pieces):
                trial = pieces[:j] + pieces[j + 1:]
                if holds(variant(files=dict(case.files, **{path: b"".join(trial)}))):
                    pieces = trial
                    case.files[path] = b"".join(pieces)
                else:
                    j += 1

    def reduce(path: str, pieces: list[bytes], joiner: bytes) -> list[bytes]:
        chunk = max(1, len(pieces) // 2)
        while chunk >= 1 and runs < budget:
            start = 0
            while start < len(pieces) and runs < budget:
                trial = pieces[:start] + pieces[start + chunk:]
                if holds(variant(files=dict(case.files, **{path: joiner.join(trial)}))):
                    pieces = trial
                    case.files[path] = joiner.join(pieces)
                else:
                    start += chunk
            chunk //= 2
        return pieces

    for path in sorted(case.files):
        if config["programs"].get(path) == case.files[path]:
            continue
        reduce(path, case.files[path].split(b"\n"), b"\n")
        reduce(path, TOKEN_RE.findall(case.files[path]), b"")
    out = os.path.join(directory, "minimized")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    kept = {p: d for p, d in case.files.items() if config["programs"].get(p) != d}
    write_files(out, kept)
    command = " ".join(shlex.quote(a) for a in full_argv(case, config))
    redirect = {"pipe": "", "full": " >/dev/full", "closed": " >&-"}[case.stdout_mode]
    commands = [f"bargain {command}{redirect}"]
    general_case = general_path_case(case)
    if info["class"] == "mismatch" and general_case:
        commands.append("bargain " + " ".join(shlex.quote(a) for a in full_argv(general_case, config)) + redirect)
    with open(os.path.join(out, "command"), "w") as handle:
        handle.write("".join(line + "\n" for line in commands))
    print(f"fuzz: minimized in {runs} runs ({info['class']}: {info['key']})")
    for line in commands:
        print(f"$ {line}")
    for path, data in sorted(kept.items()):
        print(f"-- {path} ({len(data)} bytes) --\n{data[:3000].decode('utf-8', 'replace')}")
    return 0


def probe(binary: str, time_limit: float) -> tuple[bool, list[str]]:
    """Whether the binary has --time-limit, and for which commands (asking each once)."""
    try:
        help_text = subprocess.run([binary, "--help"], capture_output=True, timeout=30).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return False, []
    if "--time-limit" not in help_text:
        return False, []
    commands = []
    with tempfile.TemporaryDirectory(prefix="bargain-fuzz-") as directory:
        with open(os.path.join(directory, "a.bargain"), "w") as handle:
            handle.write("game PrisonersDilemma\nprogram A(n: int = 1) { play C }\n")
        trials = {
            "play": ["a.bargain", "a.bargain"], "check": ["check", "a.bargain"],
            "prove": ["prove", "a.bargain", "A(A) == C"], "threshold": ["threshold", "a.bargain"],
            "spi": ["spi", "a.bargain", "a.bargain", "--with", "a.bargain", "a.bargain"],
            "tournament": ["tournament", "a.bargain", "a.bargain"],
        }
        for command, args in trials.items():
            done = subprocess.run([binary, *args, "--time-limit", str(time_limit)], cwd=directory,
                                  capture_output=True, timeout=60)
            if done.returncode != 2:
                commands.append(command)
    return True, commands


def replay(config: dict, index: int, dump: str | None) -> int:
    case = build_case(config["seed"], index, config["programs"], config["goldens"], config["modal_share"])
    print(f"case {index} (seed {config['seed']}): {case.origin}")
    print("argv:", " ".join(shlex.quote(a) for a in full_argv(case, config)), f"(stdout: {case.stdout_mode})")
    for path, data in case.files.items():
        if config["programs"].get(path) != data:
            preview = data[:2000].decode("utf-8", "replace")
            print(f"-- {path} ({len(data)} bytes) --\n{preview}")
    if dump:
        write_files(dump, case.files)
        print(f"written to {dump}")
    CONFIG.update(config)
    result = run_case(index)
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "bargain"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0, help="first case index (to continue a campaign)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU-time cap per case, seconds (a hang)")
    parser.add_argument("--wall-timeout", type=float, default=None,
                        help="wall-time cap per case, seconds (also a hang; default 6 x --timeout)")
    parser.add_argument("--slow", type=float, default=3.0, help="report cases using more CPU than this, seconds")
    parser.add_argument("--memory", type=int, default=2048, help="address-space cap per case, MiB")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="pass --time-limit to the binary when it has one (default: half of --timeout)")
    parser.add_argument("--out", default="fuzz-out", help="directory for reproducers and summary.json")
    parser.add_argument("--programs", default=os.path.join(REPO, "Programs"))
    parser.add_argument("--goldens", default=os.path.join(REPO, "Tests", "BargainTests", "Goldens"))
    parser.add_argument("--strict-locations", action="store_true", help="also fail on errors without a location")
    parser.add_argument("--case", type=int, default=None, help="replay one case verbosely")
    parser.add_argument("--dump", default=None, help="with --case: write the case's files here")
    parser.add_argument("--minimize", default=None, metavar="DIR",
                        help="shrink the reproducer in DIR (a directory under --out) and print it")
    parser.add_argument("--minimize-runs", type=int, default=400, help="runs a --minimize may use")
    parser.add_argument("--tmp", default=None, help="where case directories are made")
    parser.add_argument("--keep-out", action="store_true",
                        help="keep earlier reproducers in --out (default: remove them first)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--modal-only", action="store_true",
                        help="only modal-fragment tournaments, each also run with --general-path (class mismatch)")
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"fuzz: no executable at {binary} (run `swift build -c release`)", file=sys.stderr)
        return 2
    time_limit = args.time_limit if args.time_limit is not None else max(1, int(args.timeout / 2))
    supported, commands = probe(binary, time_limit)
    config = {
        "binary": binary, "seed": args.seed, "timeout": args.timeout, "slow": args.slow,
        "wall_timeout": args.wall_timeout if args.wall_timeout is not None else 6 * args.timeout,
        "memory_mb": args.memory, "time_limit": time_limit if supported else None,
        "time_limit_commands": commands, "programs": load_programs(args.programs),
        "goldens": load_goldens(args.goldens), "tmp": args.tmp,
        "modal_share": 1.0 if args.modal_only else MODAL_SHARE,
    }
    if args.case is not None:
        return replay(config, args.case, args.dump)
    if args.minimize:
        return minimize(config, args.minimize, args.minimize_runs)

    os.makedirs(args.out, exist_ok=True)
    if not args.keep_out:
        # Only directories this tool wrote (they hold info.json) are removed.
        for name in os.listdir(args.out):
            if os.path.isfile(os.path.join(args.out, name, "info.json")):
                shutil.rmtree(os.path.join(args.out, name))
    print(f"fuzz: seed {args.seed}, cases {args.start}..{args.start + args.count - 1}, jobs {args.jobs}, "
          f"timeout {args.timeout:g} s CPU / {config['wall_timeout']:g} s wall, memory {args.memory} MiB, --time-limit "
          f"{'%g for %s' % (time_limit, ','.join(commands)) if supported else 'not supported by the binary'}",
          file=sys.stderr)
    counts = {name: 0 for name in ("ok", *REPORTED, "fuzzer-error")}
    exits: dict[str, int] = {}
    findings: dict[str, dict] = {}
    by_origin: dict[str, dict] = {}
    differential = {"tournamentCases": 0, "compared": 0}
    started = time.monotonic()
    done = 0
    interrupted = False
    # Ctrl-C or a plain `kill` stops a campaign with its summary written (a shell starts background
    # jobs with SIGINT ignored, so SIGTERM is handled too).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)

    def write_summary() -> dict:
        summary = {
            "seed": args.seed, "start": args.start, "cases": done, "seconds": round(time.monotonic() - started, 1),
            "binaryCpuSeconds": round(sum(row["cpuSeconds"] for row in by_origin.values()), 1),
            "classes": counts, "exitCodes": dict(sorted(exits.items())), "differential": differential,
            "origins": {k: dict(v, exits=dict(sorted(v["exits"].items()))) for k, v in sorted(by_origin.items())},
            "findings": sorted(({k: f[k] for k in ("class", "key", "index", "count", "detail", "origin", "reproducer")}
                                for f in findings.values()), key=lambda f: (f["class"], f["index"])),
        }
        with open(os.path.join(args.out, "summary.json"), "w") as handle:
            json.dump(summary, handle, indent=2, sort_keys=True)
            handle.write("\n")
        return summary

    with multiprocessing.get_context("fork").Pool(args.jobs, initializer=init_worker, initargs=(config,)) as pool:
        try:
            for result in pool.imap(run_case, range(args.start, args.start + args.count), chunksize=2):
                done += 1
                counts[result["class"]] += 1
                differential["tournamentCases"] += int(result.get("tournament", False))
                differential["compared"] += int(result.get("compared", False))
                label = "hang" if result["class"] == "hang" else str(result["exit"])
                exits[label] = exits.get(label, 0) + 1
                kind = origin_kind(result["origin"])
                row = by_origin.setdefault(kind, {"cases": 0, "seconds": 0.0, "cpuSeconds": 0.0, "exits": {}})
                row["cases"] += 1
                row["seconds"] = round(row["seconds"] + result["seconds"], 3)
                row["cpuSeconds"] = round(row["cpuSeconds"] + (result.get("cpu") or 0.0), 3)
                row["exits"][label] = row["exits"].get(label, 0) + 1
                if result["class"] == "fuzzer-error":
                    print(f"fuzz: fuzzer error at case {result['index']}: {result['detail']}", file=sys.stderr)
                    continue
                if result["class"] != "ok":
                    known = findings.get(result["key"])
                    if known:
                        known["count"] += 1
                    else:
                        finding = dict(result, count=1)
                        finding["reproducer"] = save_reproducer(args.out, finding, config)
                        findings[result["key"]] = finding
                        print(f"fuzz: new {result['class']} at case {result['index']}: {result['detail']} "
                              f"[{result['origin']}] -> {finding['reproducer']}", file=sys.stderr)
                if done % 1000 == 0:
                    write_summary()  # a campaign stopped hard still leaves its counts
                if not args.quiet and done % 500 == 0:
                    rate = done / (time.monotonic() - started)
                    print(f"fuzz: {done}/{args.count} cases, {rate:.1f}/s, "
                          + ", ".join(f"{k} {v}" for k, v in counts.items() if v), file=sys.stderr)
        except KeyboardInterrupt:
            interrupted = True
            pool.terminate()
            print("fuzz: interrupted", file=sys.stderr)
    elapsed = time.monotonic() - started
    summary = write_summary()
    print(f"fuzz: {done} cases in {elapsed:.1f} s ({summary['binaryCpuSeconds']:.1f} s CPU in the binary); " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + "; exit codes " + ", ".join(f"{k}: {v}" for k, v in sorted(exits.items()))
          + f"; tournament cases {differential['tournamentCases']}, compared with --general-path {differential['compared']}")
    for finding in summary["findings"]:
        print(f"  {finding['class']:17} x{finding['count']:<5} first case {finding['index']}: {finding['detail']}"
              f"  [{finding['origin']}]  {finding['reproducer']}")
    failing = [c for c in (*FATAL, "fuzzer-error") if counts[c]]
    if args.strict_locations and counts["missing-location"]:
        failing.append("missing-location")
    if failing:
        print("fuzz: FAILED: " + ", ".join(f"{counts[c]} {c}" for c in failing), file=sys.stderr)
        return 1
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
