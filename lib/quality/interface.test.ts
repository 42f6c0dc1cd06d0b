import { describe, expect, it } from "vitest";
import { LANGUAGES } from "@/lib/languages";
import { extractInterface } from "@/lib/quality/interface";
import { BANK } from "@/model-server/bank";

/**
 * Each case's body holds a line with `secret` in it (a variable, a string, a comment): the
 * interface must keep the declarations a test needs and leak none of it.
 */
const CASES: Record<(typeof LANGUAGES)[number], { solution: string; interface: string }> = {
  python: {
    solution: `import math
from typing import List

class Stack:
    """A stack.

    Items: pushed last, popped first.
    """
    limit: int = 10

    def __init__(self, items: List[int]):
        self.secret = items

    @staticmethod
    def make(
        size: int,
    ) -> "Stack":
        secret = size  # secret
        return Stack([secret])

def area(r: float) -> float:
    """Area: pi r squared.
    >>> area(1)
    3.14
    """
    secret = math.pi
    if secret:
        return secret * r * r
    return 0
`,
    interface: `import math
from typing import List
class Stack:
    limit: int = 10
    def __init__(self, items: List[int]):
        ...
    @staticmethod
    def make(
        size: int,
    ) -> "Stack":
        ...
def area(r: float) -> float:
    ...`,
  },
  javascript: {
    solution: `const assert = require("assert");
// secret comment
const belowZero = (operations) => {
  let secret = 0;
  for (const op of operations) { secret += op; if (secret < 0) return true; }
  return false;
}
class Counter {
  constructor(start) { this.secret = start; }
  next() { return "{secret" + this.secret++; }
}
module.exports = { belowZero };`,
    interface: `const assert = require("assert");

const belowZero = (operations) => { ... }

class Counter {
    constructor(start) { ... }
    next() { ... }
}`,
  },
  typescript: {
    solution: `import { strict as assert } from "node:assert";
export interface Point { x: number; y: number }
type Pair = { left: Point; right: Point };
export function distance(a: Point, b: Point): number {
  const secret = Math.hypot(a.x - b.x, a.y - b.y);
  return secret;
}`,
    interface: `import { strict as assert } from "node:assert";

export interface Point {
    x: number;
    y: number
}

type Pair = { left: Point; right: Point }

export function distance(a: Point, b: Point): number { ... }`,
  },
  java: {
    solution: `import java.util.*;

class Solution {
    private final int base;

    /** Javadoc with a secret. */
    Solution(int base) {
        this.base = base; // secret
    }

    public List<Integer> evens(List<Integer> xs) throws IllegalStateException {
        List<Integer> secret = new ArrayList<>();
        for (int x : xs) if (x % 2 == 0) secret.add(x);
        return secret;
    }

    public static void main(String[] args) { System.out.println("secret"); }
}`,
    interface: `import java.util.*;

class Solution {
    private final int base;
    Solution(int base) { ... }
    public List<Integer> evens(List<Integer> xs) throws IllegalStateException { ... }
}`,
  },
  cpp: {
    solution: `#include <string>
#include <vector>
using namespace std;

struct Point {
    int x;
    int y;
    int norm() const { int secret = x * x + y * y; return secret; }
};

vector<string> split(const string& s, char sep) {
    vector<string> secret;
    string part = "{";
    for (char c : s) { if (c == sep) { secret.push_back(part); part.clear(); } else part += c; }
    secret.push_back(part);
    return secret;
}`,
    interface: `#include <string>
#include <vector>
using namespace std;

struct Point {
    int x;
    int y;
    int norm() const { ... }
}

vector<string> split(const string& s, char sep) { ... }`,
  },
  csharp: {
    solution: `using System;
using System.Linq;

public class Account
{
    public decimal Balance { get; private set; }

    public void Deposit(decimal amount)
    {
        var secret = amount;
        if (secret <= 0) throw new ArgumentException("secret");
        Balance += secret;
    }
}`,
    interface: `using System;
using System.Linq;

public class Account {
    public decimal Balance { get; private set; }
    public void Deposit(decimal amount) { ... }
}`,
  },
  php: {
    solution: `<?php

declare(strict_types=1);

# secret comment
function wordCount(string $text): array
{
    $secret = [];
    foreach (preg_split('/\\s+/', trim($text)) as $w) { $secret[$w] = ($secret[$w] ?? 0) + 1; }
    return $secret;
}

class Greeter {
    public function greet(string $name): string { return "secret {$name}"; }
}`,
    interface: `<?php
declare(strict_types=1);

function wordCount(string $text): array { ... }

class Greeter {
    public function greet(string $name): string { ... }
}`,
  },
  bash: {
    solution: `# Prints the largest argument.
max_of() {
  local secret=$1 n
  for n in "$@"; do
    (( n > secret )) && secret=$n
  done
  echo "\${secret}"
}

function count_args {
  echo "$#" # secret
}`,
    interface: `max_of() { ...; }

function count_args { ...; }`,
  },
  go: {
    solution: `package main

import (
	"fmt"
	"strings"
)

// Stack holds ints.
type Stack struct {
	items []int
}

func (s *Stack) Push(x int) {
	secret := x
	s.items = append(s.items, secret)
}

func Join(parts []string) string {
	secret := strings.Join(parts, ",")
	return fmt.Sprint(secret)
}

func main() {}`,
    interface: `package main
import (
	"fmt"
	"strings"
)

type Stack struct {
    items []int
}

func (s *Stack) Push(x int) { ... }

func Join(parts []string) string { ... }`,
  },
  rust: {
    solution: `use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Counter<'a> {
    words: HashMap<&'a str, usize>,
}

impl<'a> Counter<'a> {
    pub fn add(&mut self, word: &'a str) -> usize {
        let secret = self.words.entry(word).or_insert(0);
        *secret += 1;
        *secret
    }
}

pub fn first_char(s: &str) -> Option<char> {
    let secret = '{';
    s.chars().next().or(Some(secret))
}`,
    interface: `use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Counter<'a> {
    words: HashMap<&'a str, usize>,
}

impl<'a> Counter<'a> {
    pub fn add(&mut self, word: &'a str) -> usize { ... }
}

pub fn first_char(s: &str) -> Option<char> { ... }`,
  },
};

describe("extractInterface", () => {
  for (const language of LANGUAGES) {
    it(`keeps ${language} declarations and imports, and no body line`, () => {
      const { solution, interface: expected } = CASES[language];
      const result = extractInterface(solution, language);
      expect(result).toBe(expected);
      expect(result.toLowerCase()).not.toContain("secret");
    });
  }

  it("reduces every solution of the model server's bank to its signatures", () => {
    for (const language of LANGUAGES)
      for (const [id, entry] of Object.entries(BANK[language])) {
        const result = extractInterface(entry.solution, language);
        expect(result, `${language} ${id}`).toMatch(/\.\.\./);
        // Every bank body returns or prints its answer: no such statement survives.
        expect(result, `${language} ${id}`).not.toMatch(/\breturn\b|\becho\b|\bfor\b|\bwhile\b/);
        const bodyLines = entry.solution.split("\n").filter((line) => /\breturn\b/.test(line));
        for (const line of bodyLines) expect(result, `${language} ${id}`).not.toContain(line.trim());
      }
  });
});
