import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// The solution opens the PHP block; the tests follow in the same file. A failed check exits 1.
const check = `function check(bool $condition, string $what): void
{
    if (!$condition) {
        fwrite(STDERR, "check failed: $what\\n");
        exit(1);
    }
}`;

export const php: LanguageBank = {
  "sum-of-evens": {
    solution: `<?php
/** Returns the sum of the even numbers in $numbers (0 when there are none). */
function sumOfEvens(array $numbers): int
{
    return array_sum(array_filter($numbers, fn (int $n): bool => $n % 2 === 0));
}`,
    tests: `${check}
check(sumOfEvens([1, 2, 3, 4]) === 6, "1..4");
check(sumOfEvens([]) === 0, "empty");
check(sumOfEvens([1, 3, 5]) === 0, "odd only");
check(sumOfEvens([-2, -3, 4]) === 2, "negative evens");`,
    wrong: `<?php
/** Returns the sum of the even numbers in $numbers (0 when there are none). */
function sumOfEvens(array $numbers): int
{
    return array_sum(array_filter($numbers, fn (int $n): bool => $n % 2 === 0 && $n > 0));
}`,
  },
  "is-palindrome": {
    solution: `<?php
/** Whether $text reads the same both ways, ignoring case and non-alphanumeric characters. */
function isPalindrome(string $text): bool
{
    $kept = strtolower(preg_replace('/[^a-zA-Z0-9]/', '', $text));
    return $kept === strrev($kept);
}`,
    tests: `${check}
check(isPalindrome("A man, a plan, a canal: Panama"), "panama");
check(isPalindrome(""), "empty");
check(!isPalindrome("hello"), "hello");
check(isPalindrome("No 'x' in Nixon"), "nixon");`,
    wrong: `<?php
/** Whether $text reads the same both ways, ignoring case and non-alphanumeric characters. */
function isPalindrome(string $text): bool
{
    $kept = preg_replace('/[^a-zA-Z0-9]/', '', $text);
    return $kept === strrev($kept);
}`,
  },
  gcd: {
    solution: `<?php
/** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
function gcd(int $a, int $b): int
{
    while ($b !== 0) {
        [$a, $b] = [$b, $a % $b];
    }
    return $a;
}`,
    tests: `${check}
check(gcd(12, 18) === 6, "12, 18");
check(gcd(17, 5) === 1, "coprime");
check(gcd(0, 7) === 7, "zero first");
check(gcd(0, 0) === 0, "both zero");`,
    wrong: `<?php
/** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
function gcd(int $a, int $b): int
{
    while ($b > 1) {
        [$a, $b] = [$b, $a % $b];
    }
    return $a;
}`,
  },
  fibonacci: {
    solution: `<?php
/** The n-th Fibonacci number (F(0) = 0, F(1) = 1); PHP integers are 64-bit. */
function fibonacci(int $n): int
{
    [$a, $b] = [0, 1];
    for ($i = 0; $i < $n; $i++) {
        [$a, $b] = [$b, $a + $b];
    }
    return $a;
}`,
    tests: `${check}
check(fibonacci(0) === 0, "F(0)");
check(fibonacci(1) === 1, "F(1)");
check(fibonacci(10) === 55, "F(10)");
check(fibonacci(90) === 2880067194370816120, "F(90)");`,
    wrong: `<?php
/** The n-th Fibonacci number (F(0) = 0, F(1) = 1); PHP integers are 64-bit. */
function fibonacci(int $n): int
{
    [$a, $b] = [0, 1];
    for ($i = 1; $i < $n; $i++) {
        [$a, $b] = [$b, $a + $b];
    }
    return $a;
}`,
  },
  "count-vowels": {
    solution: `<?php
/** How many characters of $text are vowels (a, e, i, o, u, either case). */
function countVowels(string $text): int
{
    return preg_match_all('/[aeiou]/i', $text);
}`,
    tests: `${check}
check(countVowels("Hello World") === 3, "hello world");
check(countVowels("") === 0, "empty");
check(countVowels("AEIOU") === 5, "upper case");
check(countVowels("rhythm") === 0, "no vowels");`,
    wrong: `<?php
/** How many characters of $text are vowels (a, e, i, o, u, either case). */
function countVowels(string $text): int
{
    return preg_match_all('/[aeiou]/', $text);
}`,
  },
  "binary-search": {
    solution: `<?php
/** Index of $target in the ascending array $items, or -1, in O(log n). */
function binarySearch(array $items, int $target): int
{
    $low = 0;
    $high = count($items) - 1;
    while ($low <= $high) {
        $middle = intdiv($low + $high, 2);
        if ($items[$middle] === $target) {
            return $middle;
        }
        if ($items[$middle] < $target) {
            $low = $middle + 1;
        } else {
            $high = $middle - 1;
        }
    }
    return -1;
}`,
    tests: `${check}
check(binarySearch([1, 3, 5, 7, 9], 7) === 3, "found");
check(binarySearch([1, 3, 5, 7, 9], 9) === 4, "last");
check(binarySearch([1, 3, 5, 7, 9], 4) === -1, "absent");
check(binarySearch([], 1) === -1, "empty");`,
    wrong: `<?php
/** Index of $target in the ascending array $items, or -1, in O(log n). */
function binarySearch(array $items, int $target): int
{
    $low = 0;
    $high = count($items) - 1;
    while ($low < $high) {
        $middle = intdiv($low + $high, 2);
        if ($items[$middle] === $target) {
            return $middle;
        }
        if ($items[$middle] < $target) {
            $low = $middle + 1;
        } else {
            $high = $middle - 1;
        }
    }
    return -1;
}`,
  },
};
