import type { LanguageBank } from "@/model-server/bank/types";

// Run as `php main.php`: the solution opens the PHP block, the tests follow in the same file. A failed check exits 1.
const check = `/** Exits 1, naming the failed check, unless $actual is identical to $expected. */
function check(mixed $actual, mixed $expected, string $what): void
{
    if ($actual !== $expected) {
        fwrite(STDERR, "check failed: $what: got " . var_export($actual, true) . ", expected " . var_export($expected, true) . "\\n");
        exit(1);
    }
}`;

export const php: LanguageBank = {
  "sum-of-evens": {
    solution: `<?php

declare(strict_types=1);

/** Returns the sum of the even numbers in $numbers (0 when there are none). */
function sumOfEvens(array $numbers): int
{
    return array_sum(array_filter($numbers, fn (int $n): bool => $n % 2 === 0));
}`,
    tests: `${check}

check(sumOfEvens([1, 2, 3, 4]), 6, "1..4");
check(sumOfEvens([]), 0, "empty list");
check(sumOfEvens([1, 3, 5]), 0, "odd numbers only");
check(sumOfEvens([-2, -3, 4]), 2, "negative numbers");
check(sumOfEvens([-4, -6]), -10, "negative evens only");
check(sumOfEvens([0, 10]), 10, "zero");`,
    wrong: `<?php

declare(strict_types=1);

/** Returns the sum of the even numbers in $numbers (0 when there are none). */
function sumOfEvens(array $numbers): int
{
    return array_sum(array_filter($numbers, fn (int $n): bool => $n % 2 !== 1));
}`,
  },
  "is-palindrome": {
    solution: `<?php

declare(strict_types=1);

/** Whether $text reads the same both ways, ignoring case and anything but ASCII letters and digits. */
function isPalindrome(string $text): bool
{
    $kept = strtolower(preg_replace('/[^A-Za-z0-9]/', '', $text));
    return $kept === strrev($kept);
}`,
    tests: `${check}

check(isPalindrome("A man, a plan, a canal: Panama"), true, "panama");
check(isPalindrome(""), true, "empty string");
check(isPalindrome("No 'x' in Nixon"), true, "nixon");
check(isPalindrome("race_car"), true, "underscore");
check(isPalindrome("Àb,b"), true, "non-ASCII letter");
check(isPalindrome("hello"), false, "hello");
check(isPalindrome("0P"), false, "digit and letter");`,
    wrong: `<?php

declare(strict_types=1);

/** Whether $text reads the same both ways, ignoring case and anything but ASCII letters and digits. */
function isPalindrome(string $text): bool
{
    $kept = strtolower(preg_replace('/\\W/', '', $text));
    return $kept === strrev($kept);
}`,
  },
  gcd: {
    solution: `<?php

declare(strict_types=1);

/** Greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd(0, 0) is 0). */
function gcd(int $a, int $b): int
{
    while ($b !== 0) {
        [$a, $b] = [$b, $a % $b];
    }
    return $a;
}`,
    tests: `${check}

check(gcd(12, 18), 6, "12, 18");
check(gcd(18, 12), 6, "18, 12");
check(gcd(17, 5), 1, "coprime");
check(gcd(0, 7), 7, "zero first");
check(gcd(7, 0), 7, "zero second");
check(gcd(0, 0), 0, "both zero");
check(gcd(1071, 462), 21, "1071, 462");`,
    wrong: `<?php

declare(strict_types=1);

/** Greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd(0, 0) is 0). */
function gcd(int $a, int $b): int
{
    if ($a === 0 || $b === 0) {
        return 0;
    }
    while ($b !== 0) {
        [$a, $b] = [$b, $a % $b];
    }
    return $a;
}`,
  },
  fibonacci: {
    solution: `<?php

declare(strict_types=1);

/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), computed iteratively; fits PHP's 64-bit int up to F(92). */
function fibonacci(int $n): int
{
    [$a, $b] = [0, 1];
    for ($i = 0; $i < $n; $i++) {
        [$a, $b] = [$b, $a + $b];
    }
    return $a;
}`,
    tests: `${check}

check(fibonacci(0), 0, "F(0)");
check(fibonacci(1), 1, "F(1)");
check(fibonacci(2), 1, "F(2)");
check(fibonacci(10), 55, "F(10)");
check(fibonacci(50), 12586269025, "F(50)");
check(fibonacci(90), 2880067194370816120, "F(90)");`,
    wrong: `<?php

declare(strict_types=1);

/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), computed iteratively; fits PHP's 64-bit int up to F(92). */
function fibonacci(int $n): int
{
    [$a, $b] = [1, 1];
    for ($i = 0; $i < $n; $i++) {
        [$a, $b] = [$b, $a + $b];
    }
    return $a;
}`,
  },
  "count-vowels": {
    solution: `<?php

declare(strict_types=1);

/** Counts the vowels (a, e, i, o, u, in either case) in $text. */
function countVowels(string $text): int
{
    $count = 0;
    for ($i = 0; $i < strlen($text); $i++) {
        if (str_contains('aeiouAEIOU', $text[$i])) {
            $count++;
        }
    }
    return $count;
}`,
    tests: `${check}

check(countVowels("Hello World"), 3, "hello world");
check(countVowels(""), 0, "empty string");
check(countVowels("AEIOU aeiou"), 10, "both cases");
check(countVowels("rhythm"), 0, "no vowels");
check(countVowels("Programming in Python"), 5, "sentence");`,
    wrong: `<?php

declare(strict_types=1);

/** Counts the vowels (a, e, i, o, u, in either case) in $text. */
function countVowels(string $text): int
{
    $count = 0;
    for ($i = 0; $i < strlen($text) - 1; $i++) {
        if (str_contains('aeiouAEIOU', $text[$i])) {
            $count++;
        }
    }
    return $count;
}`,
  },
  "binary-search": {
    solution: `<?php

declare(strict_types=1);

/** Index of $target in the ascending list $items (no duplicates), or -1 when absent, in O(log n). */
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

check(binarySearch([1, 3, 5, 7, 9], 7), 3, "found in the middle");
check(binarySearch([1, 3, 5, 7, 9], 1), 0, "first");
check(binarySearch([1, 3, 5, 7, 9], 9), 4, "last");
check(binarySearch([1, 3, 5, 7, 9], 4), -1, "absent");
check(binarySearch([1, 3, 5, 7, 9], 10), -1, "above all");
check(binarySearch([], 1), -1, "empty list");
check(binarySearch([5], 5), 0, "single item");`,
    wrong: `<?php

declare(strict_types=1);

/** Index of $target in the ascending list $items (no duplicates), or -1 when absent, in O(log n). */
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
