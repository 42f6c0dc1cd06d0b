import type { BankProblem } from "@/model-server/bank/types";

/** The problems every language's bank implements (ids are stable: answers refer to them). */
export const PROBLEMS: BankProblem[] = [
  {
    id: "sum-of-evens",
    title: "Sum of even numbers",
    instruction:
      "Write a {language} function that takes a list of integers and returns the sum of the even ones (0 for an empty list). Negative even numbers count too.",
    difficulty: 1,
    tags: ["arrays", "loops"],
  },
  {
    id: "is-palindrome",
    title: "Palindrome check",
    instruction:
      "Write a {language} function that tells whether a string is a palindrome, ignoring case and every character that is not an ASCII letter or digit. The empty string is a palindrome.",
    difficulty: 2,
    tags: ["strings", "two pointers"],
  },
  {
    id: "gcd",
    title: "Greatest common divisor",
    instruction:
      "Write a {language} function that returns the greatest common divisor of two non-negative integers with Euclid's algorithm (gcd(0, 0) is 0).",
    difficulty: 1,
    tags: ["math", "recursion"],
  },
  {
    id: "fibonacci",
    title: "Fibonacci number",
    instruction:
      "Write a {language} function that returns the n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 ≤ n ≤ 90, iteratively and without overflow in 64-bit integers.",
    difficulty: 2,
    tags: ["math", "iteration"],
  },
  {
    id: "count-vowels",
    title: "Count vowels",
    instruction: "Write a {language} function that counts the vowels (a, e, i, o, u, in either case) in a string.",
    difficulty: 1,
    tags: ["strings"],
  },
  {
    id: "binary-search",
    title: "Binary search",
    instruction:
      "Write a {language} function that returns the index of a target in a list of integers sorted in ascending order with no duplicates, or -1 when it is absent, in logarithmic time.",
    difficulty: 2,
    tags: ["search", "arrays"],
  },
];
