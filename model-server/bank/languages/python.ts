import type { LanguageBank } from "@/model-server/bank/types";

// Run as `python3 main.py` with the tests appended: a failed `assert` exits 1.
export const python: LanguageBank = {
  "sum-of-evens": {
    solution: `def sum_of_evens(numbers: list[int]) -> int:
    """Return the sum of the even numbers in \`numbers\` (0 when there are none)."""
    return sum(n for n in numbers if n % 2 == 0)`,
    tests: `assert sum_of_evens([1, 2, 3, 4]) == 6
assert sum_of_evens([]) == 0
assert sum_of_evens([1, 3, 5]) == 0
assert sum_of_evens([-2, -3, 4]) == 2
assert sum_of_evens([-4, -6]) == -10
assert sum_of_evens([0, 10]) == 10`,
    wrong: `def sum_of_evens(numbers: list[int]) -> int:
    """Return the sum of the even numbers in \`numbers\` (0 when there are none)."""
    return sum(n for n in numbers if n % 2 == 0 and n > 0)`,
  },
  "is-palindrome": {
    solution: `def is_palindrome(text: str) -> bool:
    """Whether \`text\` reads the same both ways, ignoring case and anything but ASCII letters and digits."""
    kept = [c.lower() for c in text if c.isascii() and c.isalnum()]
    return kept == kept[::-1]`,
    tests: `assert is_palindrome("A man, a plan, a canal: Panama")
assert is_palindrome("")
assert is_palindrome("No 'x' in Nixon")
assert is_palindrome("12321")
assert is_palindrome("Àb,b")
assert not is_palindrome("hello")
assert not is_palindrome("0P")`,
    wrong: `def is_palindrome(text: str) -> bool:
    """Whether \`text\` reads the same both ways, ignoring case and anything but ASCII letters and digits."""
    kept = [c.lower() for c in text if c.isascii() and c.isalpha()]
    return kept == kept[::-1]`,
  },
  gcd: {
    solution: `def gcd(a: int, b: int) -> int:
    """Greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd(0, 0) == 0)."""
    while b:
        a, b = b, a % b
    return a`,
    tests: `assert gcd(12, 18) == 6
assert gcd(18, 12) == 6
assert gcd(17, 5) == 1
assert gcd(0, 7) == 7
assert gcd(7, 0) == 7
assert gcd(0, 0) == 0
assert gcd(1071, 462) == 21`,
    wrong: `def gcd(a: int, b: int) -> int:
    """Greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd(0, 0) == 0)."""
    while b > 1:
        a, b = b, a % b
    return a`,
  },
  fibonacci: {
    solution: `def fibonacci(n: int) -> int:
    """The n-th Fibonacci number, with F(0) = 0 and F(1) = 1, computed iteratively."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a`,
    tests: `assert fibonacci(0) == 0
assert fibonacci(1) == 1
assert fibonacci(2) == 1
assert fibonacci(10) == 55
assert fibonacci(50) == 12586269025
assert fibonacci(90) == 2880067194370816120`,
    wrong: `def fibonacci(n: int) -> int:
    """The n-th Fibonacci number, with F(0) = 0 and F(1) = 1, computed iteratively."""
    a, b = 0, 1
    for _ in range(n - 1):
        a, b = b, a + b
    return a`,
  },
  "count-vowels": {
    solution: `def count_vowels(text: str) -> int:
    """How many characters of \`text\` are vowels (a, e, i, o, u, in either case)."""
    return sum(1 for c in text if c in "aeiouAEIOU")`,
    tests: `assert count_vowels("Hello World") == 3
assert count_vowels("") == 0
assert count_vowels("AEIOU aeiou") == 10
assert count_vowels("rhythm") == 0
assert count_vowels("Programming in Python") == 5`,
    wrong: `def count_vowels(text: str) -> int:
    """How many characters of \`text\` are vowels (a, e, i, o, u, in either case)."""
    return sum(1 for c in text if c in "aeiou")`,
  },
  "binary-search": {
    solution: `def binary_search(items: list[int], target: int) -> int:
    """Index of \`target\` in the ascending list \`items\` (no duplicates), or -1, in O(log n)."""
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
assert binary_search([1, 3, 5, 7, 9], 10) == -1
assert binary_search([], 1) == -1
assert binary_search([5], 5) == 0`,
    wrong: `def binary_search(items: list[int], target: int) -> int:
    """Index of \`target\` in the ascending list \`items\` (no duplicates), or -1, in O(log n)."""
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
