import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

export const python: LanguageBank = {
  "sum-of-evens": {
    solution: `def sum_of_evens(numbers: list[int]) -> int:
    """Return the sum of the even numbers in \`numbers\` (0 when there are none)."""
    return sum(n for n in numbers if n % 2 == 0)`,
    tests: `assert sum_of_evens([1, 2, 3, 4]) == 6
assert sum_of_evens([]) == 0
assert sum_of_evens([1, 3, 5]) == 0
assert sum_of_evens([-2, -3, 4]) == 2
assert sum_of_evens([0, 10]) == 10`,
    wrong: `def sum_of_evens(numbers: list[int]) -> int:
    """Return the sum of the even numbers in \`numbers\` (0 when there are none)."""
    return sum(n for n in numbers if n % 2 == 0 and n > 0)`,
  },
  "is-palindrome": {
    solution: `def is_palindrome(text: str) -> bool:
    """Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters."""
    kept = [c.lower() for c in text if c.isascii() and c.isalnum()]
    return kept == kept[::-1]`,
    tests: `assert is_palindrome("A man, a plan, a canal: Panama")
assert is_palindrome("")
assert is_palindrome("No 'x' in Nixon")
assert not is_palindrome("hello")
assert not is_palindrome("ab")`,
    wrong: `def is_palindrome(text: str) -> bool:
    """Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters."""
    kept = [c for c in text if c.isascii() and c.isalnum()]
    return kept == kept[::-1]`,
  },
  gcd: {
    solution: `def gcd(a: int, b: int) -> int:
    """Greatest common divisor of two non-negative integers, by Euclid's algorithm."""
    while b:
        a, b = b, a % b
    return a`,
    tests: `assert gcd(12, 18) == 6
assert gcd(17, 5) == 1
assert gcd(0, 7) == 7
assert gcd(7, 0) == 7
assert gcd(0, 0) == 0`,
    wrong: `def gcd(a: int, b: int) -> int:
    """Greatest common divisor of two non-negative integers, by Euclid's algorithm."""
    while b > 1:
        a, b = b, a % b
    return a`,
  },
  fibonacci: {
    solution: `def fibonacci(n: int) -> int:
    """The n-th Fibonacci number, F(0) = 0 and F(1) = 1, computed iteratively."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a`,
    tests: `assert fibonacci(0) == 0
assert fibonacci(1) == 1
assert fibonacci(10) == 55
assert fibonacci(90) == 2880067194370816120`,
    wrong: `def fibonacci(n: int) -> int:
    """The n-th Fibonacci number, F(0) = 0 and F(1) = 1, computed iteratively."""
    a, b = 1, 1
    for _ in range(n):
        a, b = b, a + b
    return a`,
  },
  "count-vowels": {
    solution: `def count_vowels(text: str) -> int:
    """How many of the characters of \`text\` are vowels (a, e, i, o, u, either case)."""
    return sum(1 for c in text.lower() if c in "aeiou")`,
    tests: `assert count_vowels("Hello World") == 3
assert count_vowels("") == 0
assert count_vowels("AEIOU") == 5
assert count_vowels("rhythm") == 0`,
    wrong: `def count_vowels(text: str) -> int:
    """How many of the characters of \`text\` are vowels (a, e, i, o, u, either case)."""
    return sum(1 for c in text if c in "aeiou")`,
  },
  "binary-search": {
    solution: `def binary_search(items: list[int], target: int) -> int:
    """Index of \`target\` in the ascending list \`items\`, or -1, in O(log n)."""
    low, high = 0, len(items) - 1
    while low <= high:
        middle = (low + high) // 2
        if items[middle] == target:
            return middle
        if items[middle] < target:
            low = middle + 1
        else:
            high = middle - 1
    return -1`,
    tests: `assert binary_search([1, 3, 5, 7, 9], 7) == 3
assert binary_search([1, 3, 5, 7, 9], 1) == 0
assert binary_search([1, 3, 5, 7, 9], 9) == 4
assert binary_search([1, 3, 5, 7, 9], 4) == -1
assert binary_search([], 1) == -1`,
    wrong: `def binary_search(items: list[int], target: int) -> int:
    """Index of \`target\` in the ascending list \`items\`, or -1, in O(log n)."""
    low, high = 0, len(items) - 1
    while low < high:
        middle = (low + high) // 2
        if items[middle] == target:
            return middle
        if items[middle] < target:
            low = middle + 1
        else:
            high = middle - 1
    return -1`,
  },
};
